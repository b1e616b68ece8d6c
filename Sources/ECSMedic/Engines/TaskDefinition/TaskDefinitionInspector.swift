/// Runs the task definition checks against the facts: what Fargate accepts, whether an execution role is there
/// when the agent needs one, whether the awslogs group and the ECR image exist. A check whose facts were not
/// collected reports them as unverified instead of an issue.
public struct TaskDefinitionInspector: Sendable {
    public let facts: Facts
    public let region: String

    public init(facts: Facts, region: String) {
        self.facts = facts
        self.region = region
    }

    /// The issues one check finds, and the facts it needed but could not see. `subnets` are the awsvpc subnets
    /// of where it runs (the service's network configuration), nil when that is not known; `site` is the service
    /// and task that place it.
    public func inspect(_ definition: TaskDefinition, check: TaskDefinitionCheck, onFargate: Bool,
                        subnets: [String]? = nil, site: LaunchSite = LaunchSite())
        -> (issues: [TaskDefinitionIssue], unverified: [UnverifiedFact]) {
        switch check {
        case .fargateSize: return (onFargate ? fargateSize(definition) : [], [])
        case .executionRole: return (executionRole(definition, onFargate: onFargate), [])
        case .logGroup: return logGroups(definition)
        case .image: return images(definition)
        case .awsvpc: return (awsvpc(definition, onFargate: onFargate, subnets: subnets), [])
        case .platformVersion: return (onFargate ? platformVersion(definition, site: site) : [], [])
        case .subnetAddresses: return LaunchInspector(facts: facts).subnetAddresses(definition, site: site, name: name(definition))
        case .serviceLinkedRole: return LaunchInspector(facts: facts).serviceLinkedRole(site: site)
        case .registryRateLimit: return LaunchInspector(facts: facts).registryRateLimit(definition, site: site, name: name(definition))
        case .imagePlatform: return ImagePlatformInspector(facts: facts).issues(definition, site: site, name: name(definition))
        case .capacity: return CapacityInspector(facts: facts).noCapacity(definition, site: site, name: name(definition))
        case .fargateCapacity: return (CapacityInspector(facts: facts).fargateCapacity(site: site), [])
        }
    }

    /// Features that need a later Fargate Linux platform version than the service's primary deployment asks for
    /// (where its next tasks run), or, without a service, than the task ran on (`PlatformFeature.table`); Windows
    /// versions are numbered apart and not checked.
    private func platformVersion(_ definition: TaskDefinition, site: LaunchSite) -> [TaskDefinitionIssue] {
        if definition.runtimePlatform?.operatingSystemFamily?.uppercased().hasPrefix("WINDOWS") == true { return [] }
        let entry: (version: String, source: String, resource: String)
        if let service = site.service {
            let deployment = service.deployments?.first { $0.status == "PRIMARY" }
            entry = (deployment?.platformVersion ?? service.platformVersion ?? "LATEST", "ecs:DescribeServices",
                     service.serviceArn ?? service.serviceName)
        } else if let task = site.task {
            entry = (task.platformVersion ?? "LATEST", "ecs:DescribeTasks", task.taskArn)
        } else {
            entry = (site.platformVersion ?? "LATEST", "ecs:DescribeServices", name(definition))
        }
        guard let version = PlatformVersion(linux: entry.version) else { return [] }
        let missing = PlatformFeature.table.filter { version < $0.minimum }.compactMap { feature in
            let uses = feature.uses(definition)
            return uses.isEmpty ? nil : (feature, uses)
        }
        guard let first = missing.first else { return [] }
        let runs = entry.source == "ecs:DescribeTasks" ? "the task ran on" : "the service deploys on"
        let needs = missing.map { "\($0.0.name) (\($0.0.minimum))" }.joined(separator: ", ")
        return [TaskDefinitionIssue(
            check: .platformVersion, resource: name(definition),
            detail: "it uses \(needs), which Fargate supports from those platform versions on, and \(runs) \(entry.version)",
            container: nil, field: first.1[0].field,
            evidence: missing.flatMap { feature, uses in
                uses.map { Evidence(fact: $0.use, resource: name(definition), source: "ecs:DescribeTaskDefinition") }
                    + [Evidence(fact: "\(feature.name) needs Fargate Linux platform version \(feature.minimum) or later (\(feature.source))",
                                resource: name(definition), source: "AWS documentation")]
            } + [Evidence(fact: "\(runs) platform version \(entry.version)", resource: entry.resource, source: entry.source)])]
    }

    /// What ECS refuses at registration or when it creates the service or task (ECS developer guide, "Task
    /// definition parameters" and "Amazon ECS task definition differences for Fargate"): a network mode other
    /// than awsvpc on Fargate ("Fargate only supports network mode 'awsvpc'"), awsvpc without subnets where it
    /// runs, a `hostPort` other than the `containerPort` in awsvpc mode, `links` in awsvpc mode, and
    /// `privileged` or host `devices` on Fargate.
    private func awsvpc(_ definition: TaskDefinition, onFargate: Bool, subnets: [String]?) -> [TaskDefinitionIssue] {
        let mode = definition.networkMode
        let awsvpc = mode == "awsvpc"
        let fargate = onFargate || definition.requiresFargate
        let source = "ecs:DescribeTaskDefinition"
        var issues: [TaskDefinitionIssue] = []
        func issue(_ detail: String, container: String?, field: String, fact: String) {
            issues.append(TaskDefinitionIssue(check: .awsvpc, resource: name(definition), detail: detail, container: container,
                                              field: field, evidence: [Evidence(fact: fact, resource: name(definition), source: source)]))
        }
        if fargate, !awsvpc {
            issue("Fargate only supports network mode awsvpc, the task definition has \(mode.map { "networkMode \($0)" } ?? "no networkMode (bridge)")",
                  container: nil, field: mode == nil ? "requiresCompatibilities" : "networkMode",
                  fact: "networkMode is \(mode ?? "unset (bridge)") for a task that runs on Fargate")
        }
        if awsvpc, let subnets, subnets.isEmpty {
            issue("networkMode awsvpc needs a network configuration with subnets where it runs, and the service has none",
                  container: nil, field: "networkMode",
                  fact: "the service's awsvpcConfiguration names no subnet")
        }
        for (index, container) in definition.containerDefinitions.enumerated() {
            let path = "containerDefinitions[\(index)]"
            if awsvpc || fargate {
                for (position, mapping) in (container.portMappings ?? []).enumerated() {
                    guard let host = mapping.hostPort, let port = mapping.containerPort, host != port else { continue }
                    issue("container \(container.name) maps host port \(host) to container port \(port): in awsvpc mode hostPort must be omitted or equal containerPort",
                          container: container.name, field: "\(path).portMappings[\(position)].hostPort",
                          fact: "portMappings[\(position)] of \(container.name): hostPort \(host), containerPort \(port)")
                }
                if let links = container.links, !links.isEmpty {
                    issue("container \(container.name) uses links, which the awsvpc network mode does not support",
                          container: container.name, field: "\(path).links",
                          fact: "\(container.name) links \(links.joined(separator: ", "))")
                }
            }
            if fargate, container.privileged == true {
                issue("container \(container.name) is privileged, which Fargate does not support", container: container.name,
                      field: "\(path).privileged", fact: "\(container.name) sets privileged: true")
            }
            if fargate, let devices = container.linuxParameters?.devices, !devices.isEmpty {
                issue("container \(container.name) maps host devices, which Fargate does not support", container: container.name,
                      field: "\(path).linuxParameters.devices",
                      fact: "\(container.name) maps \(devices.compactMap(\.hostPath).joined(separator: ", "))")
            }
        }
        return issues
    }

    private func name(_ definition: TaskDefinition) -> String {
        definition.taskDefinitionArn ?? definition.family ?? "the task definition"
    }

    private func fargateSize(_ definition: TaskDefinition) -> [TaskDefinitionIssue] {
        let windows = definition.runtimePlatform?.operatingSystemFamily?.uppercased().hasPrefix("WINDOWS") ?? false
        guard let problem = FargateTaskSize.problem(cpu: definition.cpu, memory: definition.memory, windows: windows) else {
            return []
        }
        let size = "cpu \(definition.cpu ?? "unset"), memory \(definition.memory ?? "unset")"
        return [TaskDefinitionIssue(
            check: .fargateSize, resource: name(definition), detail: problem, container: nil,
            field: Self.sizeField(definition, windows: windows),
            evidence: [Evidence(fact: "\(name(definition)) asks Fargate for \(size)\(windows ? " on Windows" : "")",
                                resource: name(definition), source: "ecs:DescribeTaskDefinition")])]
    }

    /// `memory` when the CPU value is one Fargate offers (so the memory is what is wrong), else `cpu`.
    static func sizeField(_ definition: TaskDefinition, windows: Bool) -> String {
        guard let cpu = definition.cpu.flatMap({ FargateTaskSize.units($0, unit: "vcpu", scale: 1024) }),
              FargateTaskSize.table.contains(where: { $0.cpu == cpu && (!windows || $0.windows) }) else { return "cpu" }
        return "memory"
    }

    private func executionRole(_ definition: TaskDefinition, onFargate: Bool) -> [TaskDefinitionIssue] {
        guard definition.executionRoleArn?.isEmpty ?? true else { return [] }
        var reasons: [(String, String)] = []
        for (index, container) in definition.containerDefinitions.enumerated() {
            let path = "containerDefinitions[\(index)]"
            if let secrets = container.secrets, !secrets.isEmpty {
                reasons.append(("container \(container.name) injects secret \(secrets[0].name)", "\(path).secrets[0].valueFrom"))
            }
            if let credentials = container.repositoryCredentials {
                reasons.append(("container \(container.name) pulls with registry credentials \(credentials.credentialsParameter)",
                                "\(path).repositoryCredentials"))
            }
            // On the EC2 launch type the container instance role can pull from ECR and write logs.
            if onFargate, let image = container.image, NeedsAnalyzer.ecrRegion(of: image) != nil {
                reasons.append(("container \(container.name) pulls the ECR image \(image)", "\(path).image"))
            }
            if onFargate, container.logConfiguration?.logDriver == "awslogs" {
                reasons.append(("container \(container.name) logs with the awslogs driver", "\(path).logConfiguration"))
            }
        }
        guard let first = reasons.first else { return [] }
        return [TaskDefinitionIssue(
            check: .executionRole, resource: name(definition),
            detail: "\(first.0) but the task definition has no executionRoleArn", container: nil, field: first.1,
            evidence: reasons.map { Evidence(fact: "\($0.0), which the ECS agent does with the task execution role",
                                             resource: name(definition), source: "ecs:DescribeTaskDefinition") }
                + [Evidence(fact: "executionRoleArn is not set", resource: name(definition), source: "ecs:DescribeTaskDefinition")])]
    }

    private func logGroups(_ definition: TaskDefinition) -> ([TaskDefinitionIssue], [UnverifiedFact]) {
        var issues: [TaskDefinitionIssue] = []
        var unverified: [UnverifiedFact] = []
        for (index, container) in definition.containerDefinitions.enumerated() {
            guard let configuration = container.logConfiguration, configuration.logDriver == "awslogs",
                  let group = configuration.options?["awslogs-group"] else { continue }
            if configuration.options?["awslogs-create-group"]?.lowercased() == "true" { continue }
            let groupRegion = configuration.options?["awslogs-region"] ?? region
            guard groupRegion == region, let known = facts.logGroups else {
                unverified.append(UnverifiedFact(fact: "log group \(group) in \(groupRegion)", reason: "not collected",
                                                 permission: "logs:DescribeLogGroups"))
                continue
            }
            if facts.logGroup(named: group) != nil { continue }
            issues.append(TaskDefinitionIssue(
                check: .logGroup, resource: group,
                detail: "log group \(group) does not exist in \(groupRegion) and awslogs-create-group is not \"true\"",
                container: container.name, field: "containerDefinitions[\(index)].logConfiguration.options.awslogs-group",
                evidence: [
                    Evidence(fact: "container \(container.name) sends its logs to \(group) with the awslogs driver",
                             resource: name(definition), source: "ecs:DescribeTaskDefinition"),
                    Evidence(fact: "no log group named \(group) among the \(known.count) log groups of \(groupRegion)",
                             resource: group, source: "logs:DescribeLogGroups"),
                ]))
        }
        return (issues, unverified)
    }

    private func images(_ definition: TaskDefinition) -> ([TaskDefinitionIssue], [UnverifiedFact]) {
        var issues: [TaskDefinitionIssue] = []
        var unverified: [UnverifiedFact] = []
        for (index, container) in definition.containerDefinitions.enumerated() {
            guard let image = container.image, let reference = ECRImageReference(image) else { continue }
            guard let images = facts.ecrImages[reference.repository] else {
                unverified.append(UnverifiedFact(fact: "images of ECR repository \(reference.repository)", reason: "not collected",
                                                 permission: "ecr:DescribeImages"))
                continue
            }
            let present: Bool
            switch reference.version {
            case .digest(let digest): present = images.contains { $0.imageDigest == digest }
            case .tag(let tag): present = images.contains { $0.imageTags?.contains(tag) ?? false }
            }
            if present { continue }
            let tags = images.flatMap { $0.imageTags ?? [] }.sorted()
            issues.append(TaskDefinitionIssue(
                check: .image, resource: image,
                detail: images.isEmpty
                    ? "repository \(reference.repository) holds no images (or does not exist)"
                    : "repository \(reference.repository) has no image with \(reference.version.description)",
                container: container.name, field: "containerDefinitions[\(index)].image",
                evidence: [
                    Evidence(fact: "container \(container.name) runs \(image)", resource: name(definition),
                             source: "ecs:DescribeTaskDefinition"),
                    Evidence(fact: "\(reference.repository) holds \(images.count) image\(images.count == 1 ? "" : "s")"
                                 + (tags.isEmpty ? "" : ", tagged \(tags.prefix(10).joined(separator: ", "))"),
                             resource: reference.repository, source: "ecr:DescribeImages"),
                ]))
        }
        return (issues, unverified)
    }
}
