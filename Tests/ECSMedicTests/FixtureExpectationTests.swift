import ECSMedic
import Testing

/// Each fixture's hand-written expected findings (fixtures/*/expected.yaml) against what `diagnose` finds; an
/// expected finding of a rule that does not exist fails.
@Suite struct FixtureExpectationTests {
    @Test(arguments: FixtureLibrary.names)
    func findingsMatchTheExpectation(fixture: String) throws {
        let rules = try RuleSet.load().rules
        let ruleIds = Set(rules.map(\.id))
        let expectation = try FixtureLibrary.expectation(fixture)
        let result = try Diagnoser(rules: rules).diagnose(try FixtureLibrary.facts(fixture), selecting: TargetSelector())
        let found = Set(result.findings.map { FixtureLibrary.Expectation.Finding(rule: $0.rule, resource: $0.resources[0]) })
        let expected = Set(expectation.findings)
        #expect(found == expected, "\(fixture): \(expectation.description)")
        #expect(!result.incomplete, "\(fixture): a verdict lacked facts: \(result.unverified)")
        // The platforms of an image outside ECR are a note (no permission reads them), not a missing fact.
        let unexpected = result.unverified.filter {
            $0.permission != "organizations:ListPoliciesForTarget" && $0.reason != UnverifiedFact.outsideECR
        }
        #expect(unexpected.isEmpty, "\(fixture): unexpected unverified facts \(unexpected)")
        if let category = expectation.stoppedReasonCategory {
            #expect(result.stoppedReason?.category == category, "\(fixture): stopped reason category")
            if let stated = expectation.explainedByFacts {
                #expect(result.stoppedReason?.explainedByFacts == stated, "\(fixture): explainedByFacts")
            } else if !expected.isEmpty, result.stoppedReason?.explainedByFacts != nil {
                #expect(result.stoppedReason?.explainedByFacts == true, "\(fixture): the findings explain the stop")
            }
        }
        let unknown = expectation.findings.filter { !ruleIds.contains($0.rule) }
        #expect(unknown.isEmpty, "\(fixture): expected findings of rules that do not exist: \(unknown.map(\.rule))")
    }

    @Test func everyScenarioOfTheSeedIsPresent() {
        let required = [
            "seed-healthy", "seed-nat", "seed-no-secretsmanager-endpoint", "seed-endpoint-sg-no-443",
            "seed-private-dns-off", "seed-task-sg-egress-no-443", "seed-rds-sg-not-admitting",
        ]
        #expect(Set(required).isSubset(of: Set(FixtureLibrary.names)))
    }
}
