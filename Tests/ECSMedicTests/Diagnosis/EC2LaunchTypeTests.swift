@testable import ECSMedic
import Testing

/// For the EC2 launch type the ECS agent fetches secrets through the container instance's network, not the
/// task's ENI: the same stopped seed task, moved onto a container instance in a public subnet.
@Suite struct EC2LaunchTypeTests {
    static let instanceArn = "arn:aws:ecs:ap-northeast-2:111122223333:container-instance/demo-ecs-cluster/0a1b2c3d"

    static func facts(instancePublicIP: String?, describeInstance: Bool = true) throws -> Facts {
        var facts = try FixtureLibrary.facts("seed-no-secretsmanager-endpoint")
        facts.tasks = facts.tasks?.map { task in
            var copy = task
            copy.launchType = "EC2"
            copy.containerInstanceArn = instanceArn
            return copy
        }
        let publicSubnet = try #require(facts.subnets?.first { subnet in
            facts.routeTable(forSubnet: subnet.subnetId)?.routes?.contains { $0.gatewayId?.hasPrefix("igw-") == true } == true
        })
        let taskGroup = try #require(facts.services?.first?.networkConfiguration?.awsvpcConfiguration?.securityGroups?.first)
        facts.containerInstances = [try FactsTestDecoding.decode(
            #"{"containerInstanceArn": "\#(instanceArn)", "ec2InstanceId": "i-0123456789abcdef0"}"#)]
        let publicIP = instancePublicIP.map { #", "PublicIpAddress": "\#($0)""# } ?? ""
        facts.ec2Instances = describeInstance ? [try FactsTestDecoding.decode("""
            {"InstanceId": "i-0123456789abcdef0", "SubnetId": "\(publicSubnet.subnetId)", "VpcId": "\(publicSubnet.vpcId)",
             "PrivateIpAddress": "10.0.101.20"\(publicIP), "SecurityGroups": [{"GroupId": "\(taskGroup)", "GroupName": "demo-ecs-task-sg"}]}
            """)] : nil
        return facts
    }

    static func diagnose(_ facts: Facts) throws -> DiagnosisResult {
        try Diagnoser(rules: try RuleSet.load().rules).diagnose(facts, selecting: TargetSelector())
    }

    @Test func secretsGoThroughTheInstanceNotTheTaskENI() throws {
        let result = try Self.diagnose(try Self.facts(instancePublicIP: "203.0.113.10"))
        let verdict = try #require(result.verdicts.first { $0.need.name == "secretsmanager" })
        #expect(verdict.outcome == .reachable)
        #expect(verdict.subnetId != result.verdicts.first { $0.need.name == "database" }?.subnetId)
        #expect(result.findings.isEmpty)
    }

    @Test func anInstanceWithoutAPublicIPInAPublicSubnetIsFlagged() throws {
        let result = try Self.diagnose(try Self.facts(instancePublicIP: nil))
        #expect(result.findings.map(\.rule) == ["public-subnet-no-public-ip"])
    }

    @Test func anUndescribedInstanceIsUnverified() throws {
        let result = try Self.diagnose(try Self.facts(instancePublicIP: nil, describeInstance: false))
        #expect(result.findings.isEmpty)
        #expect(result.unverified.contains { $0.permission == "ec2:DescribeInstances" })
    }
}
