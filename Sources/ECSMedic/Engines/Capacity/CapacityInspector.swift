/// Whether any container instance can take a task of the EC2 launch type (or of an EC2 capacity provider): each
/// registered instance against what ECS checks before it places a task (ECS developer guide, "How Amazon ECS
/// places tasks on container instances"): ACTIVE with a connected agent, in the capacity provider the service
/// uses, enough CPU and memory left, the GPUs the task's containers require, the host ports free, an ENI for an
/// awsvpc task, the task definition's required attributes, and every `memberOf` placement constraint. When every
/// instance is excluded, the issue names what excludes them, each instance's reasons as evidence, and the Auto
/// Scaling group when it is at its maximum; with the service's `distinctInstance` constraint, also when fewer
/// instances are eligible than the service's desired count. An instance that is excluded by nothing the facts can
/// show (a `task:group` expression, an expression that cannot be read, GPUs its running tasks may hold) keeps the
/// verdict open: unverified, never a finding.
struct CapacityInspector {
    let facts: Facts

    /// Why one instance cannot take the task.
    struct Exclusion: Equatable {
        enum Kind: String, CaseIterable {
            case status, agent, capacityProvider = "capacity provider", cpu = "CPU", memory, gpu = "GPU", port, eni = "ENI",
                 attribute, memberOf

            /// What excludes an instance whatever runs on it, so that it counts against `distinctInstance`.
            var isStatic: Bool { [.status, .agent, .capacityProvider, .gpu, .attribute, .memberOf].contains(self) }
        }

        var kind: Kind
        /// What it concerns: the port, the attribute, the expression (for grouping).
        var subject: String
        var text: String
        /// The instance's figure for a resource (`i-0a1 512 MiB`), for the headline.
        var figure: String? = nil
    }

    /// What a task of `definition` needs from an instance.
    struct Needs {
        var cpu: Int
        var memory: Int
        var tcpPorts: [Int]
        var udpPorts: [Int]
        var attributes: [(name: String, value: String?)]
        var memberOf: [(expression: String, query: ClusterQuery)]
        /// Whole GPUs the containers require (`resourceRequirements` of type GPU; `ALL` needs at least one).
        var gpus: Int = 0
        /// The service's `distinctInstance` constraint: each of its tasks on a different instance.
        var distinctInstance = false
        /// The container instances (id, the last part of the ARN) for which the service's events since its last steady
        /// state say ECS found no ENI left for an awsvpc task (`RESOURCE:ENI`), with the event.
        var eniShort: [String: ECSService.Event] = [:]
    }

    func noCapacity(_ definition: TaskDefinition, site: LaunchSite, name: String)
        -> (issues: [TaskDefinitionIssue], unverified: [UnverifiedFact]) {
        guard let providers = ec2Providers(site) else { return ([], []) }
        let cluster = site.service?.clusterName ?? site.task.flatMap(\.clusterArn).flatMap { ARN($0)?.resource.split(separator: "/").last.map(String.init) } ?? "default"
        guard let listed = facts.listedContainerInstances else {
            let recorded = facts.unverified.first { $0.permission == "ecs:ListContainerInstances" }
            return ([], [recorded ?? UnverifiedFact(fact: "container instances of cluster \(cluster)", reason: "not collected",
                                                    permission: "ecs:ListContainerInstances")])
        }
        var unverified: [UnverifiedFact] = []
        var instances: [ContainerInstance] = []
        for arn in listed {
            guard let instance = facts.containerInstances?.first(where: { $0.containerInstanceArn == arn }) else {
                unverified.append(UnverifiedFact(fact: "container instance \(arn)", reason: "not collected",
                                                 permission: "ecs:DescribeContainerInstances"))
                continue
            }
            instances.append(instance)
        }
        guard unverified.isEmpty else { return ([], unverified) }
        instances.sort { ($0.ec2InstanceId ?? $0.containerInstanceArn) < ($1.ec2InstanceId ?? $1.containerInstanceArn) }
        let (needs, unreadable) = self.needs(definition, service: site.service)
        unverified += unreadable
        var groups: [AutoScalingGroup] = []
        for provider in providers {
            guard let described = facts.capacityProviders?.first(where: { $0.name == provider }) else {
                unverified.append(UnverifiedFact(fact: "capacity provider \(provider)", reason: "not collected",
                                                 permission: "ecs:DescribeCapacityProviders"))
                continue
            }
            guard let groupName = described.autoScalingGroupName else { continue }
            guard let group = facts.autoScalingGroups?.first(where: { $0.autoScalingGroupName == groupName }) else {
                unverified.append(UnverifiedFact(fact: "Auto Scaling group \(groupName) of capacity provider \(provider)",
                                                 reason: "not collected", permission: "autoscaling:DescribeAutoScalingGroups"))
                continue
            }
            groups.append(group)
        }
        let verdicts = instances.map { instance in (instance, exclusions(of: instance, needs: needs, providers: providers)) }
        // A capacity provider with managed scaling below its maximum adds an instance for the task (it waits in
        // PROVISIONING): not a placement failure.
        let growing = groups.filter { group in
            !group.atMaximum && facts.capacityProviders?.contains {
                $0.autoScalingGroupName == group.autoScalingGroupName && $0.autoScalingGroupProvider?.managedScaling?.status == "ENABLED"
            } == true
        }
        let atMaximum = groups.filter(\.atMaximum)
        if let service = site.service, needs.distinctInstance {
            let (issues, open) = distinctInstance(verdicts, service: service, cluster: cluster, groups: atMaximum)
            if !issues.isEmpty, growing.isEmpty, unverified.isEmpty { return (issues, []) }
            unverified += open
        }
        var excluded: [(instance: ContainerInstance, reasons: [Exclusion])] = []
        for (instance, (reasons, open)) in verdicts {
            // One instance that may fit, or whose fit the facts cannot decide, leaves no finding.
            if reasons.isEmpty { return ([], unverified + open) }
            excluded.append((instance, reasons))
        }
        if !growing.isEmpty || !unverified.isEmpty { return ([], unverified) }
        return ([issue(excluded, needs: needs, cluster: cluster, groups: atMaximum, definition: definition, name: name, site: site)], [])
    }

    /// `distinctInstance`: ECS places each task of the service on a different container instance, so a desired count
    /// above the number of instances that could take a task at all (ACTIVE, connected, of the service's capacity
    /// provider, with the GPUs, attributes and memberOf the task needs; whatever they run now) leaves the tasks
    /// beyond it unplaced. Whether the instances that fit today already run one of the service's tasks needs the
    /// tasks each instance runs, which ecs-medic does not read: unverified while the service is short of tasks.
    private func distinctInstance(_ verdicts: [(ContainerInstance, ([Exclusion], [UnverifiedFact]))], service: ECSService,
                                  cluster: String, groups: [AutoScalingGroup]) -> ([TaskDefinitionIssue], [UnverifiedFact]) {
        guard let desired = service.desiredCount, desired > 0 else { return ([], []) }
        let eligible = verdicts.filter { !$0.1.0.contains { $0.kind.isStatic } }
        let running = service.runningCount ?? 0
        guard eligible.count < desired else {
            let fits = verdicts.contains { $0.1.0.isEmpty }
            guard fits, running > 0, running < desired else { return ([], []) }
            return ([], [UnverifiedFact(fact: "whether an instance that can take a task of \(service.serviceName) runs none of its \(running) tasks (distinctInstance)",
                                        reason: "distinctInstance needs the tasks each instance runs, which ecs-medic does not read")])
        }
        let clusterResource = service.clusterArn ?? cluster
        let serviceResource = service.serviceArn ?? service.serviceName
        let atMaximum = groups.map(Self.atMaximum)
        let ids = eligible.map { $0.0.ec2InstanceId ?? $0.0.containerInstanceArn }
        let detail = "service \(service.serviceName) wants \(desired) tasks with placement constraint distinctInstance (each on a different "
            + "container instance) and only \(eligible.count) of cluster \(cluster)'s \(verdicts.count) instances can take one"
            + (ids.isEmpty ? "" : " (\(ids.joined(separator: ", ")))") + ", so \(desired - eligible.count) cannot be placed: "
            + "lower the desired count to \(eligible.count), add instances, or drop distinctInstance"
            + (atMaximum.isEmpty ? "" : "; " + atMaximum.joined(separator: "; "))
        var evidence = [
            Evidence(fact: "service \(service.serviceName) has desiredCount \(desired), runningCount \(running) and placement constraint distinctInstance",
                     resource: serviceResource, source: "ecs:DescribeServices"),
            Evidence(fact: "ListContainerInstances lists \(verdicts.count) instance\(verdicts.count == 1 ? "" : "s") in \(cluster)",
                     resource: clusterResource, source: "ecs:ListContainerInstances"),
        ]
        evidence += verdicts.flatMap { instance, verdict in
            verdict.0.filter(\.kind.isStatic).map { Evidence(fact: $0.text, resource: instance.containerInstanceArn, source: "ecs:DescribeContainerInstances") }
        }
        evidence += Self.scalingEvidence(groups, service: service)
        return ([TaskDefinitionIssue(
            check: .capacity, resource: groups.first?.autoScalingGroupName ?? clusterResource, detail: detail, container: nil,
            field: "placementConstraints", evidence: evidence,
            related: (groups.isEmpty ? [] : [clusterResource]) + [serviceResource])], [])
    }

    /// Why an Auto Scaling group at its maximum adds no instance.
    private static func atMaximum(_ group: AutoScalingGroup) -> String {
        "Auto Scaling group \(group.autoScalingGroupName) is at its MaxSize \(group.maxSize ?? 0) (desired \(group.desiredCapacity ?? 0)), so no instance can be added"
    }

    /// The evidence of the groups at their maximum, then of the service's first three "unable to place" events.
    private static func scalingEvidence(_ groups: [AutoScalingGroup], service: ECSService?) -> [Evidence] {
        var evidence = groups.map { Evidence(fact: atMaximum($0), resource: $0.autoScalingGroupARN ?? $0.autoScalingGroupName,
                                             source: "autoscaling:DescribeAutoScalingGroups") }
        for event in (service?.events ?? []).filter({ $0.meaning.kind == .unableToPlaceTask }).prefix(3) {
            evidence.append(Evidence(fact: "service event: \(event.message ?? "")", resource: service?.serviceArn ?? service?.serviceName ?? "",
                                     source: "ecs:DescribeServices"))
        }
        return evidence
    }

    /// The container instance ids that the service's `was unable to place a task` events since its last steady state
    /// name with `RESOURCE:ENI` (`The closest matching (container-instance 5e8f...) encountered error "RESOURCE:ENI"`).
    static func eniShort(_ service: ECSService?) -> [String: ECSService.Event] {
        var short: [String: ECSService.Event] = [:]
        for event in (service?.events ?? []).prefix(while: { $0.meaning.kind != .steadyState }) {
            guard event.meaning.kind == .unableToPlaceTask, let message = event.message, message.contains("RESOURCE:ENI") else { continue }
            let named = ServiceEventMeaning.groups("container-instance", in: message)
            let bare = message.components(separatedBy: "container-instance ").dropFirst()
                .map { String($0.prefix { !$0.isWhitespace && $0 != ")" }) }
            for id in Set(named + bare) where !id.isEmpty && short[id] == nil { short[id] = event }
        }
        return short
    }

    /// Fargate's own capacity: a service event since the last steady state, or the task's stopped reason, saying
    /// "Capacity is unavailable at this time" (`RESOURCE:FARGATE` in a RunTask failure). Not the configuration:
    /// a note with the documented remedies.
    func fargateCapacity(site: LaunchSite) -> [TaskDefinitionIssue] {
        guard runsOnFargate(site) else { return [] }
        func short(_ text: String) -> Bool {
            text.localizedCaseInsensitiveContains("capacity is unavailable") || text.contains("RESOURCE:FARGATE")
        }
        var evidence: [Evidence] = []
        if let service = site.service {
            let recent = (service.events ?? []).prefix { $0.meaning.kind != .steadyState }
            for event in recent where event.meaning.kind == .unableToPlaceTask && short(event.message ?? "") {
                evidence.append(Evidence(fact: "service event at \(event.createdAt ?? "?"): \(event.message ?? "")",
                                         resource: service.serviceArn ?? service.serviceName, source: "ecs:DescribeServices"))
            }
        }
        if let task = site.task, let reason = task.stoppedReason, short(reason) {
            evidence.append(Evidence(fact: "task \(task.id) stopped: \(reason)", resource: task.taskArn, source: "ecs:DescribeTasks"))
        }
        guard let first = evidence.first else { return [] }
        let subnets = site.serviceSubnets
        return [TaskDefinitionIssue(
            check: .fargateCapacity, resource: first.resource,
            detail: "Fargate had no capacity for the task when ECS tried to place it (AWS's capacity, not this configuration): "
                + "ECS retries the placement; spread the service over subnets in more Availability Zones"
                + (subnets.isEmpty ? "" : " (it uses \(subnets.joined(separator: ", ")))")
                + ", give its capacity provider strategy both FARGATE and FARGATE_SPOT (or on-demand FARGATE when Spot capacity is short), or retry later",
            container: nil, field: "requiresCompatibilities", evidence: evidence)]
    }

    /// Whether the tasks run on Fargate (launch type or capacity providers).
    private func runsOnFargate(_ site: LaunchSite) -> Bool {
        let deployment = site.service?.deployments?.first { $0.status == "PRIMARY" }
        if let launchType = deployment?.launchType ?? site.service?.launchType ?? site.task?.launchType {
            return launchType == "FARGATE"
        }
        let names = (deployment?.capacityProviderStrategy ?? site.service?.capacityProviderStrategy ?? clusterDefaultStrategy(site))?
            .map(\.capacityProvider) ?? site.task?.capacityProviderName.map { [$0] } ?? []
        return !names.isEmpty && names.allSatisfy(CapacityProvider.isFargate)
    }

    /// The capacity providers that place the tasks on EC2 instances (empty for the EC2 launch type), nil when they
    /// run on Fargate, on external instances, or where is unknown.
    func ec2Providers(_ site: LaunchSite) -> [String]? {
        let deployment = site.service?.deployments?.first { $0.status == "PRIMARY" }
        let strategy = deployment?.capacityProviderStrategy ?? site.service?.capacityProviderStrategy
        let launchType = deployment?.launchType ?? site.service?.launchType ?? (site.service == nil ? site.task?.launchType : nil)
        if let launchType { return launchType == "EC2" ? [] : nil }
        let names = (strategy ?? clusterDefaultStrategy(site))?.map(\.capacityProvider)
            ?? (site.service == nil ? site.task?.capacityProviderName.map { [$0] } : nil)
        guard let names, !names.isEmpty else { return nil }
        let ec2 = names.filter { !CapacityProvider.isFargate($0) }
        return ec2.isEmpty ? nil : ec2
    }

    private func clusterDefaultStrategy(_ site: LaunchSite) -> [CapacityProviderStrategyItem]? {
        let arn = site.service?.clusterArn ?? site.task?.clusterArn
        let cluster = facts.clusters?.first { $0.clusterArn == arn } ?? (facts.clusters?.count == 1 ? facts.clusters?.first : nil)
        return cluster?.defaultCapacityProviderStrategy.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// CPU units and MiB the task reserves (the task's size, else the sum of its containers'), the GPUs its
    /// containers require, the host ports it binds (bridge mode: each non-zero `hostPort`; host mode: each
    /// `containerPort`), its required attributes, the `memberOf` expressions of the task definition and the service,
    /// the service's `distinctInstance`, and (awsvpc) the instances ECS reported out of ENIs. An expression or a GPU
    /// requirement that cannot be read is unverified with why, and left out.
    func needs(_ definition: TaskDefinition, service: ECSService?) -> (Needs, [UnverifiedFact]) {
        let containers = definition.containerDefinitions
        let cpu = definition.cpu.flatMap { FargateTaskSize.units($0, unit: "vcpu", scale: 1024) }
            ?? containers.reduce(0) { $0 + ($1.cpu ?? 0) }
        let memory = definition.memory.flatMap { FargateTaskSize.units($0, unit: "gb", scale: 1024) }
            ?? containers.reduce(0) { $0 + ($1.memory ?? $1.memoryReservation ?? 0) }
        var tcp: [Int] = [], udp: [Int] = []
        let mode = definition.networkMode ?? "bridge"
        if mode == "bridge" || mode == "host" {
            for mapping in containers.flatMap({ $0.portMappings ?? [] }) {
                let port = mode == "host" ? mapping.containerPort : mapping.hostPort
                guard let port, port > 0 else { continue }
                if mapping.protocol?.lowercased() == "udp" { udp.append(port) } else { tcp.append(port) }
            }
        }
        let attributes = (definition.requiresAttributes ?? [])
            .filter { $0.targetType == nil || $0.targetType == "container-instance" }
            .map { (name: $0.name, value: $0.value) }
        var memberOf: [(String, ClusterQuery)] = []
        var unverified: [UnverifiedFact] = []
        var gpus = 0
        for container in containers {
            for requirement in container.resourceRequirements ?? [] where requirement.type == "GPU" {
                if let count = Int(requirement.value) {
                    gpus += count
                } else if requirement.value.uppercased() == "ALL" {
                    gpus += 1
                } else {
                    unverified.append(UnverifiedFact(fact: "GPUs for container \(container.name) (resourceRequirements GPU \(requirement.value))",
                                                     reason: "ecs-medic cannot match a fractional GPU to an instance's GPUs"))
                }
            }
        }
        let constraints = (definition.placementConstraints ?? []) + (service?.placementConstraints ?? [])
        for constraint in constraints where constraint.type == "memberOf" {
            guard let expression = constraint.expression else { continue }
            do {
                memberOf.append((expression, try ClusterQueryParser.parse(expression)))
            } catch {
                unverified.append(UnverifiedFact(fact: "placement constraint memberOf(\(expression))",
                                                 reason: "ecs-medic \(error.description)"))
            }
        }
        // ECS accepts distinctInstance from a service (and RunTask), not from a task definition.
        let distinct = service?.placementConstraints?.contains { $0.type == "distinctInstance" } ?? false
        let needs = Needs(cpu: cpu, memory: memory, tcpPorts: tcp, udpPorts: udp, attributes: attributes, memberOf: memberOf,
                          gpus: gpus, distinctInstance: distinct, eniShort: mode == "awsvpc" ? Self.eniShort(service) : [:])
        return (needs, unverified)
    }

    /// Every reason `instance` cannot take the task, and what the facts cannot decide about it.
    func exclusions(of instance: ContainerInstance, needs: Needs, providers: [String]) -> ([Exclusion], [UnverifiedFact]) {
        var reasons: [Exclusion] = []
        var open: [UnverifiedFact] = []
        let id = instance.ec2InstanceId ?? instance.containerInstanceArn
        if let status = instance.status, status != "ACTIVE" {
            reasons.append(Exclusion(kind: .status, subject: status, text: "\(id) is \(status) (ECS places tasks on ACTIVE instances only)"))
        }
        if instance.agentConnected == false {
            reasons.append(Exclusion(kind: .agent, subject: "agentConnected", text: "\(id)'s ECS agent is disconnected"))
        }
        if !providers.isEmpty, !providers.contains(instance.capacityProviderName ?? "") {
            reasons.append(Exclusion(kind: .capacityProvider, subject: providers.joined(separator: ", "),
                                     text: "\(id) belongs to \(instance.capacityProviderName.map { "capacity provider \($0)" } ?? "no capacity provider"), not \(providers.joined(separator: " or "))"))
        }
        if let cpu = instance.remaining("CPU"), cpu < needs.cpu {
            reasons.append(Exclusion(kind: .cpu, subject: "CPU", text: "\(id) has \(cpu) CPU units free, the task needs \(needs.cpu)",
                                     figure: "\(id) \(cpu)"))
        }
        if let memory = instance.remaining("MEMORY"), memory < needs.memory {
            reasons.append(Exclusion(kind: .memory, subject: "MEMORY", text: "\(id) has \(memory) MiB of memory free, the task needs \(needs.memory)",
                                     figure: "\(id) \(memory) MiB"))
        }
        if needs.gpus > 0 {
            if let registered = instance.registeredGPUs {
                if registered.count < needs.gpus {
                    reasons.append(Exclusion(kind: .gpu, subject: "GPU", text: "\(id) has \(registered.count) GPU\(registered.count == 1 ? "" : "s") registered, the task needs \(needs.gpus)",
                                             figure: "\(id) \(registered.count)"))
                } else if case let tasks = (instance.runningTasksCount ?? 0) + (instance.pendingTasksCount ?? 0), tasks > 0 {
                    // ECS pins each GPU to one task: the GPUs of the tasks it runs there are not free.
                    open.append(UnverifiedFact(fact: "whether \(needs.gpus) of \(id)'s \(registered.count) GPUs are free",
                                               reason: "which GPUs its \(tasks) task\(tasks == 1 ? "" : "s") hold needs the tasks each instance runs, which ecs-medic does not read"))
                }
            } else {
                open.append(UnverifiedFact(fact: "the GPUs of \(id)", reason: "the instance's answer lacks registeredResources"))
            }
        }
        for (resource, ports, label) in [("PORTS", needs.tcpPorts, "TCP"), ("PORTS_UDP", needs.udpPorts, "UDP")] {
            guard !ports.isEmpty else { continue }
            let taken = instance.takenPorts(resource) ?? []
            for port in ports where taken.contains(port) {
                reasons.append(Exclusion(kind: .port, subject: "\(label) \(port)", text: "\(id) already uses host port \(label) \(port)"))
            }
        }
        if let event = needs.eniShort[String(instance.containerInstanceArn.split(separator: "/").last ?? "")] {
            let type = instance.attribute("ecs.instance-type").map { "a \($0)" } ?? "the instance"
            let trunk = instance.attribute("ecs.awsvpc-trunk-id").map {
                "its trunk network interface (ecs.awsvpc-trunk-id \($0)) has no branch ENI left"
            } ?? "it has no trunk network interface (no ecs.awsvpc-trunk-id attribute), so each awsvpc task takes one of \(type)'s own ENIs, the primary one excluded"
            reasons.append(Exclusion(kind: .eni, subject: "ENI",
                                     text: "\(id) has no ENI left for an awsvpc task (ECS: RESOURCE:ENI at \(event.createdAt ?? "?")): \(trunk)"))
        }
        for attribute in needs.attributes {
            let value = instance.attribute(attribute.name)
            if value == nil || (attribute.value != nil && value != attribute.value) {
                reasons.append(Exclusion(kind: .attribute, subject: attribute.name,
                                         text: "\(id) lacks the required attribute \(attribute.name)"
                                             + (attribute.value.map { " = \($0)" } ?? "") + (value.map { " (it has \($0.isEmpty ? "it without a value" : $0))" } ?? "")))
            }
        }
        for (expression, query) in needs.memberOf {
            switch query.evaluate(instance) {
            case false?:
                let values = query.subjects.map { "\($0) = \(ClusterQuery.value(of: $0, in: instance))" }.joined(separator: ", ")
                reasons.append(Exclusion(kind: .memberOf, subject: expression, text: "\(id) is not a member of \(expression) (\(values))"))
            case nil:
                open.append(UnverifiedFact(fact: "whether \(id) satisfies memberOf(\(expression))",
                                           reason: query.subjects.contains(.taskGroup) ? "task:group needs the tasks each instance runs, which ecs-medic does not read"
                                               : "the instance's answer lacks what the expression tests"))
            default: break
            }
        }
        return (reasons, open)
    }

    private func issue(_ excluded: [(instance: ContainerInstance, reasons: [Exclusion])], needs: Needs, cluster: String,
                       groups: [AutoScalingGroup], definition: TaskDefinition, name: String, site: LaunchSite) -> TaskDefinitionIssue {
        let clusterResource = site.service?.clusterArn ?? site.task?.clusterArn ?? cluster
        let detail: String
        if excluded.isEmpty {
            detail = "cluster \(cluster) has no container instances registered"
        } else {
            // What excludes every instance, in the order ECS checks: the first reason all of them share.
            let shared = Exclusion.Kind.allCases.flatMap { kind in
                Set(excluded[0].reasons.filter { $0.kind == kind }.map(\.subject)).sorted().map { (kind, $0) }
            }.first { kind, subject in excluded.allSatisfy { $0.reasons.contains { $0.kind == kind && $0.subject == subject } } }
            if let (kind, subject) = shared {
                detail = "no container instance of cluster \(cluster) can take the task: \(Self.headline(kind, subject, needs: needs, excluded: excluded))"
            } else {
                detail = "no container instance of cluster \(cluster) meets every requirement: "
                    + excluded.map { entry in entry.reasons.map(\.text).joined(separator: "; ") }.joined(separator: "; ")
            }
        }
        let atMaximum = groups.map(Self.atMaximum)
        var evidence: [Evidence] = [
            Evidence(fact: "a task of \(definition.family ?? name) reserves \(needs.cpu) CPU units and \(needs.memory) MiB"
                        + (needs.tcpPorts.isEmpty ? "" : ", host TCP ports \(needs.tcpPorts.map(String.init).joined(separator: ", "))")
                        + (needs.udpPorts.isEmpty ? "" : ", host UDP ports \(needs.udpPorts.map(String.init).joined(separator: ", "))")
                        + (needs.gpus == 0 ? "" : ", \(needs.gpus) GPU\(needs.gpus == 1 ? "" : "s") (resourceRequirements)")
                        + (needs.attributes.isEmpty ? "" : ", \(needs.attributes.count) required attributes (requiresAttributes)")
                        + (needs.memberOf.isEmpty ? "" : ", memberOf \(needs.memberOf.map(\.expression).joined(separator: " and "))"),
                     resource: name, source: "ecs:DescribeTaskDefinition"),
        ]
        evidence += excluded.flatMap { entry in
            entry.reasons.map { Evidence(fact: $0.text, resource: entry.instance.containerInstanceArn, source: "ecs:DescribeContainerInstances") }
        }
        if excluded.isEmpty {
            evidence.append(Evidence(fact: "ListContainerInstances lists no instance in \(cluster)", resource: clusterResource,
                                     source: "ecs:ListContainerInstances"))
        }
        evidence += Self.scalingEvidence(groups, service: site.service)
        let blocking = groups.first.map { $0.autoScalingGroupName } ?? clusterResource
        return TaskDefinitionIssue(
            check: .capacity, resource: blocking,
            detail: detail + (atMaximum.isEmpty ? "" : "; " + atMaximum.joined(separator: "; ")),
            container: nil, field: Self.field(excluded.first?.reasons.first?.kind), evidence: evidence,
            related: groups.isEmpty ? [] : [clusterResource])
    }

    private static func headline(_ kind: Exclusion.Kind, _ subject: String, needs: Needs,
                                 excluded: [(instance: ContainerInstance, reasons: [Exclusion])]) -> String {
        let one = excluded.count == 1
        let every = one ? "its one instance" : "all \(excluded.count) instances"
        let (are, has, lacks) = one ? ("is", "has", "lacks") : ("are", "have", "lack")
        let figures = excluded.compactMap { $0.reasons.first { $0.kind == kind }?.figure }.joined(separator: ", ")
        switch kind {
        case .status: return "\(every) \(are) \(subject)"
        case .agent: return "the ECS agent of \(every) is disconnected"
        case .capacityProvider: return "none of its instances belongs to capacity provider \(subject)"
        case .cpu: return "the task needs \(needs.cpu) CPU units and \(every) \(has) less free (\(figures))"
        case .memory: return "the task needs \(needs.memory) MiB of memory and \(every) \(has) less free (\(figures))"
        case .gpu: return "the task needs \(needs.gpus) GPU\(needs.gpus == 1 ? "" : "s") and \(every) \(has) fewer registered (\(figures))"
        case .eni: return "\(every) \(has) no ENI left for an awsvpc task (RESOURCE:ENI): turn on the awsvpcTrunking account setting "
            + "and replace the instances (only instances launched after it get a trunk network interface), use an instance type with more ENIs, or the bridge network mode"
        case .port: return "host port \(subject) is already taken on \(every)"
        case .attribute: return "\(every) \(lacks) the required attribute \(subject)"
        case .memberOf: return "placement constraint memberOf(\(subject)) excludes \(every)"
        }
    }

    /// The task definition field behind the first exclusion.
    private static func field(_ kind: Exclusion.Kind?) -> String {
        switch kind {
        case .cpu?: return "cpu"
        case .memory?: return "memory"
        case .gpu?: return "containerDefinitions[].resourceRequirements"
        case .eni?: return "networkMode"
        case .port?: return "containerDefinitions[].portMappings"
        case .attribute?: return "requiresAttributes"
        case .memberOf?: return "placementConstraints"
        default: return "requiresCompatibilities"
        }
    }
}
