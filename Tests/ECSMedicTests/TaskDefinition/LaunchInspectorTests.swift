@testable import ECSMedic
import Foundation
import Testing

/// The launch checks over the seed deployment (two private subnets with 246 and 247 free addresses, a Fargate
/// service of desired count 1 at maximumPercent 200): free subnet addresses against the tasks a deployment places,
/// and the ECS service-linked role.
@Suite struct LaunchInspectorTests {
    static func seed() throws -> (Facts, TaskDefinition, ECSService) {
        let facts = try FactsDecoder().facts(from: try Snapshot.load(from: FixtureLibrary.path("seed-healthy")))
        return (facts, try #require(facts.taskDefinitions?.first), try #require(facts.services?.first))
    }

    static func addresses(_ facts: Facts, _ definition: TaskDefinition, _ service: ECSService)
        -> (issues: [TaskDefinitionIssue], unverified: [UnverifiedFact]) {
        LaunchInspector(facts: facts).subnetAddresses(definition, site: LaunchSite(service: service), name: "demo-app:1")
    }

    @Test func aDeploymentSurgeBeyondTheFreeAddressesIsAnIssueNamingEverySubnet() throws {
        var (facts, definition, service) = try Self.seed()
        service.desiredCount = 250
        let (issues, unverified) = Self.addresses(facts, definition, service)
        #expect(unverified.isEmpty)
        let issue = try #require(issues.first)
        #expect(issues.count == 1)
        #expect(issue.resource == "subnet-0005039e61f3e3106", "the subnet with the fewest free addresses blocks")
        #expect(issue.related == ["subnet-0458178dab6fb4b9a"])
        #expect(issue.detail == "subnet-0005039e61f3e3106 has 246 free, subnet-0458178dab6fb4b9a has 247 free: 493 free addresses, "
            + "and a deployment runs up to 500 tasks (desired 250 × maximumPercent 200%): 499 more than the 1 running")
        facts.subnets = facts.subnets?.map { var subnet = $0; subnet.availableIpAddressCount = 250; return subnet }
        #expect(Self.addresses(facts, definition, service).issues.isEmpty, "500 free addresses hold 499 more tasks")
    }

    @Test func fewerAddressesThanTheDesiredCountSaysSo() throws {
        var (facts, definition, service) = try Self.seed()
        facts.subnets = facts.subnets?.map { var subnet = $0; subnet.availableIpAddressCount = 1; return subnet }
        service.desiredCount = 4
        service.runningCount = 0
        let issue = try #require(Self.addresses(facts, definition, service).issues.first)
        #expect(issue.detail.hasSuffix(": 2 free addresses for the 4 tasks still to place (8 during a deployment)"), "\(issue.detail)")
    }

    @Test func maximumPercentAndBlueGreenSetThePeak() throws {
        var (_, _, service) = try Self.seed()
        service.deploymentConfiguration?.maximumPercent = 150
        #expect(LaunchInspector.peakTasks(service, desired: 3) == 4, "rounded down")
        #expect(LaunchInspector.peakTasks(service, desired: 1) == 1, "never below the desired count")
        service.deploymentConfiguration = nil
        #expect(LaunchInspector.peakTasks(service, desired: 3) == 6, "200 % when unset")
        service.deploymentController = .init(type: "CODE_DEPLOY")
        service.deploymentConfiguration = .init(maximumPercent: 100, minimumHealthyPercent: 0)
        #expect(LaunchInspector.peakTasks(service, desired: 3) == 6, "a second task set")
    }

    @Test func aSubnetNotDescribedIsUnverifiedNotAProblem() throws {
        var (facts, definition, service) = try Self.seed()
        service.desiredCount = 250
        facts.subnets = facts.subnets?.filter { $0.subnetId != "subnet-0458178dab6fb4b9a" }
        let (issues, unverified) = Self.addresses(facts, definition, service)
        #expect(issues.isEmpty)
        #expect(unverified == [UnverifiedFact(fact: "free addresses of subnet subnet-0458178dab6fb4b9a", reason: "not collected",
                                              permission: "ec2:DescribeSubnets")])
    }

    @Test func ipv6OnlySubnetsAndOtherNetworkModesAreNotChecked() throws {
        var (facts, definition, service) = try Self.seed()
        service.desiredCount = 250
        var bridge = definition
        bridge.networkMode = "bridge"
        #expect(Self.addresses(facts, bridge, service).issues.isEmpty)
        facts.subnets = facts.subnets?.map { var subnet = $0; subnet.ipv6Native = true; subnet.availableIpAddressCount = 0; return subnet }
        #expect(Self.addresses(facts, definition, service).issues.isEmpty, "an IPv6-only task takes no IPv4 address")
    }

    @Test func aMissingServiceLinkedRoleIsAnIssue() throws {
        var (facts, _, service) = try Self.seed()
        service.roleArn = nil
        facts.notFound.insert("AWSServiceRoleForECS")
        let (issues, unverified) = LaunchInspector(facts: facts).serviceLinkedRole(site: LaunchSite(service: service))
        #expect(unverified.isEmpty)
        #expect(issues.map(\.resource) == ["AWSServiceRoleForECS"])
        #expect(issues.first?.evidence.map(\.source) == ["iam:GetRole"])
    }

    @Test func aDeniedGetRoleIsUnverifiedWithItsPermission() throws {
        var (facts, _, service) = try Self.seed()
        service.roleArn = nil
        facts = try FactsDecoder().facts(from: Snapshot(calls: [SnapshotCall(
            service: "iam", operation: "GetRole", request: ["RoleName": "AWSServiceRoleForECS"],
            response: nil, error: .init(code: "AccessDenied", message: "not authorized to perform: iam:GetRole"), origin: "test")]))
        let (issues, unverified) = LaunchInspector(facts: facts).serviceLinkedRole(site: LaunchSite(service: service))
        #expect(issues.isEmpty)
        #expect(unverified.map(\.permission) == ["iam:GetRole"])
        #expect(unverified.map(\.reason) == ["AccessDenied"])
    }

    @Test func theServicesRoleArnProvesTheRoleAndWithoutItTheRoleIsUnverified() throws {
        var (facts, _, service) = try Self.seed()
        #expect(LaunchInspector(facts: facts).serviceLinkedRole(site: LaunchSite(service: service)) == ([], []))
        service.roleArn = nil
        let (issues, unverified) = LaunchInspector(facts: facts).serviceLinkedRole(site: LaunchSite(service: service))
        #expect(issues.isEmpty)
        #expect(unverified == [UnverifiedFact(fact: "iam GetRole of AWSServiceRoleForECS", reason: "not collected", permission: "iam:GetRole")])
        facts.iam.roles.append(IAMRole(roleName: "AWSServiceRoleForECS",
                                       arn: "arn:aws:iam::111122223333:role/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS"))
        #expect(LaunchInspector(facts: facts).serviceLinkedRole(site: LaunchSite(service: service)) == ([], []))
    }

    @Test func theDecoderReadsNoSuchEntityOfGetRoleAsNotFound() throws {
        let facts = try FactsDecoder().facts(from: Snapshot(calls: [SnapshotCall(
            service: "iam", operation: "GetRole", request: ["label": "AWSServiceRoleForECS"],
            response: nil, error: .init(code: "NoSuchEntity", message: "The role with name AWSServiceRoleForECS cannot be found."), origin: "test")]))
        #expect(facts.notFound == ["AWSServiceRoleForECS"])
        #expect(facts.unverified.isEmpty)
    }
}
