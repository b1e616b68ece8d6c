import AWSClient
@testable import ECSMedic
import Testing

/// What the live collection's dependent rounds ask for, from what the rounds before them read.
@Suite struct RoundPlannerTests {
    /// net-lb-health-check-blocked's calls with DescribeSubnets answering only the task's subnets, as the live round
    /// three asks (the fixture, made from the whole VPC, holds the load balancer's public subnets too).
    static func facts(keepingSubnets keep: Set<String>?) throws -> Facts {
        let calls = try Snapshot.load(from: FixtureLibrary.path("net-lb-health-check-blocked")).calls.map { call -> SnapshotCall in
            guard let keep, SnapshotCall.fold(call.operation) == "describesubnets", case .object(var members)? = call.response else { return call }
            members["Subnets"] = .array((members["Subnets"]?.arrayValue ?? []).filter { keep.contains($0["SubnetId"]?.stringValue ?? "") })
            var copy = call
            copy.response = .object(members)
            return copy
        }
        return try FactsDecoder().facts(from: Snapshot(calls: calls))
    }

    static let publicSubnets = ["subnet-0419fbf0141286668", "subnet-0c6ac9b1d2bc1a515"]

    @Test func theLoadBalancersSubnetsAreDescribedWhenTheTasksAreNotTheirs() throws {
        let facts = try Self.facts(keepingSubnets: ["subnet-0005039e61f3e3106", "subnet-0458178dab6fb4b9a"])
        let calls = RoundPlanner(taskDefinitions: []).roundFive(facts, facts.taskDefinitions ?? [])
        let subnets = calls.filter { $0.operation == OperationCatalog.describeSubnets }
        #expect(subnets.map(\.input) == [["SubnetIds": .array(Self.publicSubnets.map(JSONValue.string))]])
    }

    @Test func subnetsAlreadyDescribedAreNotAskedAgain() throws {
        let facts = try Self.facts(keepingSubnets: nil)
        let calls = RoundPlanner(taskDefinitions: []).roundFive(facts, facts.taskDefinitions ?? [])
        #expect(!calls.contains { $0.operation == OperationCatalog.describeSubnets })
    }

    @Test func theScriptDescribesTheLoadBalancersSubnetsWithTheTasks() {
        let script = SnapshotCommands(cluster: "c", service: "s", region: nil).script
        #expect(script.contains(#"field SubnetId elbv2-describe-load-balancers.json; } | sorted | words)"#))
    }
}
