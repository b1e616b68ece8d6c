import ECSMedic
import Testing

/// Every built-in rule's examples (rules/*.yaml) hold on their fixtures.
@Suite struct RuleExamplesTests {
    @Test func everyExampleOfEveryBuiltinRuleHolds() throws {
        let rules = try RuleSet.load().rules
        let outcomes = try RuleExampleRunner(fixturesFolder: FixtureLibrary.folder.path).run(rules)
        for outcome in outcomes where !outcome.passed {
            Issue.record("\(outcome.location): \(outcome.detail)")
        }
        #expect(outcomes.count >= rules.count * 2)
    }

    @Test func theSeedNetworkRulesAreBuiltIn() throws {
        let ids = Set(try RuleSet.load().rules.map(\.id))
        for id in ["secretsmanager-unreachable", "ssm-unreachable", "endpoint-sg-blocks-https", "endpoint-private-dns-off",
                   "task-sg-egress-blocks", "database-unreachable", "public-subnet-no-public-ip"] {
            #expect(ids.contains(id), "missing rule \(id)")
        }
    }

    @Test func aNearMissThatFiresIsReportedAgainstItsRuleFileAndLine() throws {
        let yaml = """
        id: strict-secrets
        title: t
        severity: error
        category: network
        rationale: r
        when:
          path: {to: [secretsmanager], at: [route]}
        message: m
        examples:
          - fixture: seed-no-secretsmanager-endpoint
            fires: true
          - fixture: seed-no-secretsmanager-endpoint
            fires: false
        """
        let rule = try RuleLoader().rule(fromYAML: yaml, file: "user/strict.yaml")
        let outcomes = try RuleExampleRunner(fixturesFolder: FixtureLibrary.folder.path).run([rule])
        #expect(outcomes.map(\.passed) == [true, false])
        #expect(outcomes[1].location == "user/strict.yaml:12 (seed-no-secretsmanager-endpoint)")
    }
}
