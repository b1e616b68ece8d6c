@testable import ECSMedic
import Foundation
import Testing

/// Placement on container instances over cap-ec2-memory-short (an EC2 service whose task reserves 512 CPU units
/// and 1024 MiB; two t3.medium instances with 512 and 768 MiB left): each requirement that can exclude an
/// instance, and the facts that keep the verdict open.
@Suite struct CapacityInspectorTests {
    static func fixture(_ name: String = "cap-ec2-memory-short") throws -> (Facts, TaskDefinition, ECSService) {
        let facts = try FixtureLibrary.facts(name)
        return (facts, try #require(facts.taskDefinitions?.first), try #require(facts.services?.first))
    }

    static func inspect(_ facts: Facts, _ definition: TaskDefinition, _ service: ECSService)
        -> (issues: [TaskDefinitionIssue], unverified: [UnverifiedFact]) {
        CapacityInspector(facts: facts).noCapacity(definition, site: LaunchSite(service: service), name: "demo-app:1")
    }

    static func withMemory(_ facts: Facts, _ free: Int) -> Facts {
        var facts = facts
        facts.containerInstances = facts.containerInstances?.map { instance in
            var copy = instance
            copy.remainingResources = copy.remainingResources?.map { resource in
                var resource = resource
                if resource.name == "MEMORY" { resource.integerValue = free }
                return resource
            }
            return copy
        }
        return facts
    }

    @Test func memoryBelowTheTasksOnEveryInstanceNamesTheFigures() throws {
        let (facts, definition, service) = try Self.fixture()
        let (issues, unverified) = Self.inspect(facts, definition, service)
        #expect(unverified.isEmpty)
        let issue = try #require(issues.first)
        #expect(issue.resource == "arn:aws:ecs:ap-northeast-2:111122223333:cluster/demo-ecs-cluster")
        let ids = (facts.containerInstances ?? []).compactMap(\.ec2InstanceId).sorted()
        #expect(issue.detail == "no container instance of cluster demo-ecs-cluster can take the task: the task needs 1024 MiB of memory "
            + "and all 2 instances have less free (\(ids[0]) 512 MiB, \(ids[1]) 768 MiB)")
        #expect(issue.field == "memory")
        #expect(issue.evidence.contains { $0.source == "ecs:DescribeServices" && $0.fact.contains("insufficient memory available") })
        #expect(issue.evidence.filter { $0.source == "ecs:DescribeContainerInstances" }.count == 2)
        #expect(Self.inspect(Self.withMemory(facts, 1024), definition, service).issues.isEmpty, "exactly the task's memory fits")
    }

    @Test func cpuPortsStatusAndAttributesExcludeToo() throws {
        var (facts, definition, service) = try Self.fixture()
        facts = Self.withMemory(facts, 2048)
        definition.cpu = "2048"
        let cpu = try #require(Self.inspect(facts, definition, service).issues.first)
        #expect(cpu.detail.contains("the task needs 2048 CPU units and all 2 instances have less free"), "\(cpu.detail)")
        definition.cpu = "512"
        // Bridge mode binds the host port: 22 is the agent's reserved SSH port on every instance.
        definition.networkMode = "bridge"
        definition.containerDefinitions[0].portMappings = [.init(containerPort: 8080, hostPort: 22, protocol: "tcp")]
        let port = try #require(Self.inspect(facts, definition, service).issues.first)
        #expect(port.detail.hasSuffix("host port TCP 22 is already taken on all 2 instances"), "\(port.detail)")
        definition.containerDefinitions[0].portMappings = [.init(containerPort: 8080, hostPort: 0, protocol: "tcp")]
        #expect(Self.inspect(facts, definition, service).issues.isEmpty, "a dynamic host port takes no fixed port")
        definition.requiresAttributes = (definition.requiresAttributes ?? []) + [.init(name: "ecs.capability.fsxWindowsFileServer")]
        let attribute = try #require(Self.inspect(facts, definition, service).issues.first)
        #expect(attribute.detail.hasSuffix("all 2 instances lack the required attribute ecs.capability.fsxWindowsFileServer"))
        definition.requiresAttributes?.removeLast()
        facts.containerInstances = facts.containerInstances?.map { var copy = $0; copy.status = "DRAINING"; return copy }
        let draining = try #require(Self.inspect(facts, definition, service).issues.first)
        #expect(draining.detail.hasSuffix("all 2 instances are DRAINING"))
    }

    @Test func mixedReasonsAreListedPerInstance() throws {
        var (facts, definition, service) = try Self.fixture()
        facts.containerInstances?[0].agentConnected = false
        let remaining = facts.containerInstances?[1].remainingResources?.map { resource in
            var resource = resource
            if resource.name == "MEMORY" { resource.integerValue = 4000 }
            if resource.name == "CPU" { resource.integerValue = 256 }
            return resource
        }
        facts.containerInstances?[1].remainingResources = remaining
        let issue = try #require(Self.inspect(facts, definition, service).issues.first)
        let first = try #require(facts.containerInstances?[0].ec2InstanceId), second = try #require(facts.containerInstances?[1].ec2InstanceId)
        #expect(issue.detail == "no container instance of cluster demo-ecs-cluster meets every requirement: \(first)'s ECS agent is disconnected; "
            + "\(first) has 512 MiB of memory free, the task needs 1024; \(second) has 256 CPU units free, the task needs 512")
    }

    @Test func aTaskGroupExpressionOrAnUnreadableOneKeepsTheVerdictOpen() throws {
        var (facts, definition, service) = try Self.fixture()
        facts = Self.withMemory(facts, 2048)
        definition.placementConstraints = [.init(type: "memberOf", expression: "task:group == service:batch")]
        let (issues, unverified) = Self.inspect(facts, definition, service)
        #expect(issues.isEmpty)
        #expect(unverified.count == 1)
        #expect(unverified.first?.reason == "task:group needs the tasks each instance runs, which ecs-medic does not read")
        definition.placementConstraints = [.init(type: "memberOf", expression: "attribute:ecs.instance-type t3.medium")]
        let unreadable = Self.inspect(facts, definition, service)
        #expect(unreadable.issues.isEmpty)
        #expect(unreadable.unverified == [UnverifiedFact(
            fact: "placement constraint memberOf(attribute:ecs.instance-type t3.medium)",
            reason: "ecs-medic cannot read \"attribute:ecs.instance-type t3.medium\" at column 29: unknown operator \"t3.medium\"")])
    }

    @Test func whatWasNotCollectedIsUnverified() throws {
        var (facts, definition, service) = try Self.fixture()
        facts.listedContainerInstances = nil
        #expect(Self.inspect(facts, definition, service).unverified
            == [UnverifiedFact(fact: "container instances of cluster demo-ecs-cluster", reason: "not collected", permission: "ecs:ListContainerInstances")])
        (facts, definition, service) = try Self.fixture()
        facts.containerInstances?.removeFirst()
        let (issues, unverified) = Self.inspect(facts, definition, service)
        #expect(issues.isEmpty)
        #expect(unverified.map(\.permission) == ["ecs:DescribeContainerInstances"])
    }

    @Test func aClusterWithoutInstancesSaysSo() throws {
        var (facts, definition, service) = try Self.fixture()
        facts.listedContainerInstances = []
        let issue = try #require(Self.inspect(facts, definition, service).issues.first)
        #expect(issue.detail == "cluster demo-ecs-cluster has no container instances registered")
    }

    @Test func aGroupAtItsMaximumIsTheBlockingResourceAndBelowItNothingFires() throws {
        var (facts, definition, service) = try Self.fixture("cap-asg-at-max")
        let issue = try #require(Self.inspect(facts, definition, service).issues.first)
        #expect(issue.resource == "demo-ecs-instances")
        #expect(issue.related == ["arn:aws:ecs:ap-northeast-2:111122223333:cluster/demo-ecs-cluster"])
        #expect(issue.detail.hasSuffix("; Auto Scaling group demo-ecs-instances is at its MaxSize 2 (desired 2), so no instance can be added"))
        facts.capacityProviders = nil
        #expect(Self.inspect(facts, definition, service).unverified.map(\.permission) == ["ecs:DescribeCapacityProviders"])
        (facts, definition, service) = try Self.fixture("cap-asg-below-max")
        #expect(Self.inspect(facts, definition, service) == ([], []))
    }

    @Test func distinctInstanceAboveTheEligibleInstancesFiresAndAtThemDoesNot() throws {
        var (facts, definition, service) = try Self.fixture("cap-ec2-distinct-instance-short")
        let (issues, unverified) = Self.inspect(facts, definition, service)
        #expect(unverified.isEmpty)
        let issue = try #require(issues.first)
        let ids = (facts.containerInstances ?? []).compactMap(\.ec2InstanceId).sorted()
        #expect(issue.resource == "arn:aws:ecs:ap-northeast-2:111122223333:cluster/demo-ecs-cluster")
        #expect(issue.related == ["arn:aws:ecs:ap-northeast-2:111122223333:service/demo-ecs-cluster/demo-ecs-service"])
        #expect(issue.field == "placementConstraints")
        #expect(issue.detail == "service demo-ecs-service wants 3 tasks with placement constraint distinctInstance (each on a different "
            + "container instance) and only 2 of cluster demo-ecs-cluster's 2 instances can take one (\(ids[0]), \(ids[1])), so 1 cannot "
            + "be placed: lower the desired count to 2, add instances, or drop distinctInstance")
        #expect(issue.evidence.first?.fact == "service demo-ecs-service has desiredCount 3, runningCount 2 and placement constraint distinctInstance")
        // An instance that is DRAINING cannot take a task whatever it runs: one eligible instance is left.
        facts.containerInstances?[0].status = "DRAINING"
        #expect(try #require(Self.inspect(facts, definition, service).issues.first).detail.contains("and only 1 of cluster demo-ecs-cluster's 2 instances"))
        (facts, definition, service) = try Self.fixture("cap-ec2-distinct-instance-short")
        service.placementConstraints = []
        #expect(Self.inspect(facts, definition, service) == ([], []), "without distinctInstance the two instances with room take the task")
        (facts, definition, service) = try Self.fixture("cap-ec2-distinct-instance-enough")
        #expect(Self.inspect(facts, definition, service) == ([], []))
        // Short of tasks with as many instances as tasks: which instance runs which task decides, and is not read.
        service.runningCount = 1
        let open = Self.inspect(facts, definition, service)
        #expect(open.issues.isEmpty)
        #expect(open.unverified == [UnverifiedFact(fact: "whether an instance that can take a task of demo-ecs-service runs none of its 1 tasks (distinctInstance)",
                                                   reason: "distinctInstance needs the tasks each instance runs, which ecs-medic does not read")])
    }

    @Test func gpusBeyondTheRegisteredOnesExcludeAndHeldOnesStayOpen() throws {
        var (facts, definition, service) = try Self.fixture("cap-ec2-gpu-short")
        let id = try #require(facts.containerInstances?.first?.ec2InstanceId)
        #expect(facts.containerInstances?.first?.registeredGPUs?.count == 1)
        let issue = try #require(Self.inspect(facts, definition, service).issues.first)
        #expect(issue.detail == "no container instance of cluster demo-ecs-cluster can take the task: the task needs 2 GPUs and its one "
            + "instance has fewer registered (\(id) 1)")
        #expect(issue.field == "containerDefinitions[].resourceRequirements")
        #expect(issue.evidence.first?.fact.contains(", 2 GPUs (resourceRequirements)") == true)
        (facts, definition, service) = try Self.fixture("cap-ec2-gpu-enough")
        #expect(Self.inspect(facts, definition, service) == ([], []))
        // The instance runs a task: whether that task holds its GPU is not in the facts.
        facts.containerInstances?[0].runningTasksCount = 1
        let held = Self.inspect(facts, definition, service)
        #expect(held.issues.isEmpty)
        #expect(held.unverified.map(\.fact) == ["whether 1 of \(id)'s 1 GPUs are free"])
        // An instance without GPUs registers none.
        facts.containerInstances?[0].registeredResources?.removeAll { $0.name == "GPU" }
        #expect(try #require(Self.inspect(facts, definition, service).issues.first).detail.hasSuffix("(\(id) 0)"))
        definition.containerDefinitions[0].resourceRequirements = [.init(type: "GPU", value: "0.25")]
        let fractional = Self.inspect(facts, definition, service)
        #expect(fractional.issues.isEmpty)
        #expect(fractional.unverified.map(\.reason) == ["ecs-medic cannot match a fractional GPU to an instance's GPUs"])
    }

    @Test func anENIShortageECSReportedExcludesItsInstanceUntilASteadyState() throws {
        var (facts, definition, service) = try Self.fixture("cap-ec2-eni-exhausted")
        let id = try #require(facts.containerInstances?.first?.ec2InstanceId)
        let issue = try #require(Self.inspect(facts, definition, service).issues.first)
        #expect(issue.detail.hasPrefix("no container instance of cluster demo-ecs-cluster can take the task: its one instance has no ENI "
            + "left for an awsvpc task (RESOURCE:ENI): turn on the awsvpcTrunking account setting"))
        #expect(issue.field == "networkMode")
        let reason = try #require(issue.evidence.first { $0.source == "ecs:DescribeContainerInstances" })
        #expect(reason.fact.hasPrefix("\(id) has no ENI left for an awsvpc task (ECS: RESOURCE:ENI at "))
        #expect(reason.fact.hasSuffix("it has no trunk network interface (no ecs.awsvpc-trunk-id attribute), so each awsvpc task "
            + "takes one of a t3.medium's own ENIs, the primary one excluded"))
        facts.containerInstances?[0].attributes?.append(.init(name: "ecs.awsvpc-trunk-id", value: "a6148e89-0416-415d-97e0-f23d18e134a4"))
        let trunk = try #require(Self.inspect(facts, definition, service).issues.first)
        #expect(trunk.evidence.contains { $0.fact.hasSuffix("its trunk network interface (ecs.awsvpc-trunk-id a6148e89-0416-415d-97e0-f23d18e134a4) has no branch ENI left") })
        // A bridge-mode task takes no ENI of its own.
        definition.networkMode = "bridge"
        definition.containerDefinitions[0].portMappings = [.init(containerPort: 8080, hostPort: 0, protocol: "tcp")]
        #expect(Self.inspect(facts, definition, service) == ([], []))
        (facts, definition, service) = try Self.fixture("cap-ec2-eni-freed")
        #expect(Self.inspect(facts, definition, service) == ([], []))
    }

    @Test func fargateServicesAreNotCheckedForInstances() throws {
        let (facts, definition, service) = try Self.fixture("seed-healthy")
        #expect(CapacityInspector(facts: facts).ec2Providers(LaunchSite(service: service)) == nil)
        #expect(Self.inspect(facts, definition, service) == ([], []))
    }

    @Test func fargateCapacityIsANoteOnlySinceTheLastSteadyState() throws {
        var (facts, _, service) = try Self.fixture("cap-fargate-capacity-unavailable")
        let issues = CapacityInspector(facts: facts).fargateCapacity(site: LaunchSite(service: service))
        let issue = try #require(issues.first)
        #expect(issue.detail.hasPrefix("Fargate had no capacity for the task when ECS tried to place it"))
        #expect(issue.detail.contains("subnet-0005039e61f3e3106"))
        // The same event older than a steady state is over.
        let capacity = try #require(service.events?.first)
        service.events = (service.events ?? []).dropFirst().map { $0 } + [capacity]
        #expect(CapacityInspector(facts: facts).fargateCapacity(site: LaunchSite(service: service)).isEmpty)
        facts = try FixtureLibrary.facts("cap-fargate-task-limit")
        #expect(CapacityInspector(facts: facts).fargateCapacity(site: LaunchSite(service: try #require(facts.services?.first))).isEmpty)
    }
}
