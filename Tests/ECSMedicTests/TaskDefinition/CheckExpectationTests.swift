import ECSMedic
import Foundation
import Testing
import Yams

/// fixtures/td-check-files: each task definition file under check/ against the hand-written findings in its
/// expected.yaml, as `ecs-medic check FILE --snapshot fixtures/td-check-files` finds them.
@Suite struct CheckExpectationTests {
    struct Expectation: Decodable {
        struct Check: Decodable {
            var file: String
            var findings: [FixtureLibrary.Expectation.Finding]
            /// The facts the check cannot verify, by their subject (an image outside ECR has no manifest to read).
            var unverified: [String]?
        }
        var checks: [Check]
    }

    static let fixture = "td-check-files"

    static var checks: [Expectation.Check] {
        let url = FixtureLibrary.folder.appending(path: "\(fixture)/expected.yaml")
        guard let text = try? String(contentsOf: url, encoding: .utf8),
              let expectation = try? YAMLDecoder().decode(Expectation.self, from: text) else { return [] }
        return expectation.checks
    }

    @Test func everyFileIsListed() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: FixtureLibrary.path(Self.fixture) + "/check")
        #expect(Set(files.map { "check/\($0)" }) == Set(Self.checks.map(\.file)))
    }

    @Test(arguments: checks.map(\.file))
    func findingsMatchTheExpectation(file: String) throws {
        let check = try #require(Self.checks.first { $0.file == file })
        let expected = check.findings
        let definition = try TaskDefinitionFile(path: FixtureLibrary.path(Self.fixture) + "/" + file).definition
        let result = try Diagnoser(rules: try RuleSet.load().rules)
            .check(definition, in: try FixtureLibrary.facts(Self.fixture), selecting: TargetSelector(), network: nil)
        let found = Set(result.findings.map { FixtureLibrary.Expectation.Finding(rule: $0.rule, resource: $0.resources[0]) })
        #expect(found == Set(expected))
        #expect(!result.incomplete)
        let unverified = result.unverified.filter { $0.permission != "organizations:ListPoliciesForTarget" }
        #expect(Set(unverified.map(\.fact)) == Set(check.unverified ?? []))
        #expect(result.target.service == "demo-ecs-service")
    }

    @Test func explicitSubnetsAndSecurityGroupsPlaceTheCheck() throws {
        let facts = try FixtureLibrary.facts("seed-no-secretsmanager-endpoint")
        let service = try #require(facts.services?.first)
        let network = try #require(service.networkConfiguration?.awsvpcConfiguration)
        let definition = try TaskDefinitionFile(path: FixtureLibrary.path(Self.fixture) + "/check/valid.json").definition
        let result = try Diagnoser(rules: try RuleSet.load().rules).check(definition, in: facts, selecting: TargetSelector(), network: network)
        #expect(result.findings.map(\.rule) == ["secretsmanager-unreachable"])
        #expect(result.findings.first?.taskDefinitionField == "containerDefinitions[0].secrets[0].valueFrom")
        #expect(result.target.service == nil)
        #expect(result.target.taskDefinition == "demo-app")
    }
}

@Suite struct CheckFieldTests {
    /// The field a Fargate size finding points at: the CPU when Fargate has no such CPU value, else the memory.
    @Test(arguments: [("check/fargate-512-cpu-512-memory.json", "memory"), ("check/windows-512-cpu.json", "cpu"),
                      ("check/no-execution-role.json", "containerDefinitions[0].secrets[0].valueFrom"),
                      ("check/image-tag-missing.json", "containerDefinitions[0].image")])
    func findingsNameTheFieldThatCausesThem(file: String, field: String) throws {
        let definition = try TaskDefinitionFile(path: FixtureLibrary.path("td-check-files") + "/" + file).definition
        let result = try Diagnoser(rules: try RuleSet.load().rules)
            .check(definition, in: try FixtureLibrary.facts("td-check-files"), selecting: TargetSelector(), network: nil)
        #expect(result.findings.map(\.taskDefinitionField) == [field])
    }
}
