import ECSMedic
import Testing

/// Every built-in rule's examples (rules/*.yaml) hold on their fixtures: one test case per rule, so that a
/// failure names its rule (and the example's file and line).
@Suite struct RuleExamplesTests {
    static let builtin = Result { try RuleSet.load().rules }

    @Test(arguments: try builtin.get().map(\.id))
    func everyExampleOfTheRuleHolds(rule id: String) throws {
        let rule = try #require(try Self.builtin.get().first { $0.id == id })
        #expect(rule.examples.contains { $0.fires }, "\(rule.file) has no example on which it fires")
        #expect(rule.examples.contains { !$0.fires }, "\(rule.file) has no near miss")
        let outcomes = try RuleExampleRunner(fixturesFolder: FixtureLibrary.folder.path).run([rule])
        #expect(outcomes.count == rule.examples.count)
        for outcome in outcomes where !outcome.passed {
            Issue.record("\(outcome.location): \(outcome.detail)")
        }
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
