import AWSClient
import ECSMedic
import Foundation
import Testing

/// The facts the task definition checks read, and what happens when they are missing.
@Suite struct TaskDefinitionFactsTests {
    static func snapshot(without operation: String) throws -> Snapshot {
        var snapshot = try Snapshot.load(from: FixtureLibrary.path("td-image-tag-missing"))
        snapshot.calls.removeAll { $0.operation == operation }
        return snapshot
    }

    @Test func withoutLogGroupsTheCheckIsUnverifiedNotAFinding() throws {
        let facts = try FactsDecoder().facts(from: try Self.snapshot(without: "describe-log-groups"))
        let result = try Diagnoser(rules: try RuleSet.load(only: ["log-group-missing"]).rules).diagnose(facts, selecting: TargetSelector())
        #expect(result.findings.isEmpty)
        #expect(result.unverified.filter { $0.permission != "organizations:ListPoliciesForTarget" }
                == [UnverifiedFact(fact: "log group /ecs/demo-app in ap-northeast-2", reason: "not collected",
                                   permission: "logs:DescribeLogGroups")])
        #expect(Report(results: [result]).exitCode(failOn: .error) == 3)
    }

    @Test func withoutTheRepositoryTheImageIsUnverified() throws {
        let facts = try FactsDecoder().facts(from: try Self.snapshot(without: "describe-images"))
        let result = try Diagnoser(rules: try RuleSet.load(only: ["image-not-found"]).rules).diagnose(facts, selecting: TargetSelector())
        #expect(result.findings.isEmpty)
        #expect(result.unverified.compactMap(\.permission).filter { $0 != "organizations:ListPoliciesForTarget" } == ["ecr:DescribeImages"])
    }

    @Test func aSkippedRuleDoesNotAskForItsFacts() throws {
        let facts = try FactsDecoder().facts(from: try Self.snapshot(without: "describe-log-groups"))
        let result = try Diagnoser(rules: try RuleSet.load(skip: ["log-group-missing"]).rules).diagnose(facts, selecting: TargetSelector())
        #expect(!result.incomplete)
        #expect(!result.unverified.contains { $0.permission == "logs:DescribeLogGroups" })
        #expect(result.findings.map(\.rule) == ["image-not-found"])
    }

    /// A file snapshot records `RepositoryNotFoundException` for a repository that does not exist: that is an
    /// answer (no images), not a missing fact.
    @Test func aMissingRepositoryHasNoImages() throws {
        var snapshot = try Self.snapshot(without: "describe-images")
        snapshot.calls.append(SnapshotCall(
            service: "ecr", operation: "DescribeImages", request: .object(["repositoryName": .string("demo-app")]),
            response: nil, error: .init(code: "RepositoryNotFoundException",
                                        message: "The repository with name 'demo-app' does not exist in the registry with id '111122223333'"),
            origin: "test"))
        let facts = try FactsDecoder().facts(from: snapshot)
        #expect(facts.ecrImages["demo-app"] == [])
        let result = try Diagnoser(rules: try RuleSet.load(only: ["image-not-found"]).rules).diagnose(facts, selecting: TargetSelector())
        #expect(result.findings.map(\.message) == [
            "container app cannot pull 111122223333.dkr.ecr.ap-northeast-2.amazonaws.com/demo-app:1.4.3: repository demo-app holds no images (or does not exist)",
        ])
        #expect(!result.incomplete)
    }

    @Test func anAccessDeniedDescribeImagesIsUnverified() throws {
        var snapshot = try Self.snapshot(without: "describe-images")
        snapshot.calls.append(SnapshotCall(
            service: "ecr", operation: "DescribeImages", request: .object(["repositoryName": .string("demo-app")]),
            response: nil, error: .init(code: "AccessDeniedException"), origin: "test"))
        let facts = try FactsDecoder().facts(from: snapshot)
        let result = try Diagnoser(rules: try RuleSet.load(only: ["image-not-found"]).rules).diagnose(facts, selecting: TargetSelector())
        #expect(result.findings.isEmpty)
        #expect(result.unverified.contains { $0.reason == "AccessDeniedException" && $0.permission == "ecr:DescribeImages" })
    }
}
