/// The checks of where tasks launch rather than of what they run: whether the service's subnets hold a free IPv4
/// address for every awsvpc task it must place, whether the account has the ECS service-linked role that creates
/// those network interfaces, and whether anonymous Docker Hub pulls share one NAT address. A fact that was not
/// collected is reported as unverified, never as a problem.
struct LaunchInspector {
    let facts: Facts

    /// The ECS service-linked role (ECS developer guide, "Using service-linked roles for Amazon ECS").
    static let serviceLinkedRoleName = "AWSServiceRoleForECS"

    /// The awsvpc tasks the service must still place against the free addresses of its subnets. A deployment runs
    /// up to `maximumPercent` of the desired count at once (rounded down; 200 when unset), a blue/green
    /// (CODE_DEPLOY) one a whole second task set; running and pending tasks already hold their address.
    func subnetAddresses(_ definition: TaskDefinition, site: LaunchSite, name: String)
        -> (issues: [TaskDefinitionIssue], unverified: [UnverifiedFact]) {
        guard definition.networkMode == "awsvpc", let service = site.service, service.schedulingStrategy != "DAEMON",
              let desired = service.desiredCount, desired > 0 else { return ([], []) }
        let ids = site.serviceSubnets
        guard !ids.isEmpty else { return ([], []) }
        var subnets: [(id: String, free: Int)] = []
        var unverified: [UnverifiedFact] = []
        for id in ids {
            guard let subnet = facts.subnet(id), let free = subnet.availableIpAddressCount else {
                unverified.append(UnverifiedFact(fact: "free addresses of subnet \(id)", reason: "not collected",
                                                 permission: "ec2:DescribeSubnets"))
                continue
            }
            // An IPv6-only task takes no IPv4 address.
            if subnet.isIPv6Only { return ([], []) }
            subnets.append((id, free))
        }
        guard unverified.isEmpty else { return ([], unverified) }
        let peak = Self.peakTasks(service, desired: desired)
        let holding = (service.runningCount ?? 0) + (service.pendingCount ?? 0)
        let needed = max(0, peak - holding)
        let free = subnets.reduce(0) { $0 + $1.free }
        guard needed > free else { return ([], []) }
        let ordered = subnets.sorted { ($0.free, $0.id) < ($1.free, $1.id) }
        let figures = ordered.map { "\($0.id) has \($0.free) free" }.joined(separator: ", ")
        let short = max(0, desired - holding) > free
        let surge = service.deploymentController?.type == "CODE_DEPLOY"
            ? "a blue/green deployment runs \(peak) tasks (a second set of \(desired))"
            : "a deployment runs up to \(peak) tasks (desired \(desired) × maximumPercent \(service.deploymentConfiguration?.maximumPercent ?? 200)%)"
        let detail = short
            ? "\(figures): \(free) free addresses for the \(max(0, desired - holding)) tasks still to place (\(peak) during a deployment)"
            : "\(figures): \(free) free addresses, and \(surge): \(needed) more than the \(holding) running"
        return ([TaskDefinitionIssue(
            check: .subnetAddresses, resource: ordered[0].id, detail: detail, container: nil, field: "networkMode",
            evidence: [
                Evidence(fact: "networkMode awsvpc gives every task its own network interface and IPv4 address",
                         resource: name, source: "ecs:DescribeTaskDefinition"),
                Evidence(fact: "service \(service.serviceName): desired \(desired), running \(service.runningCount ?? 0), pending \(service.pendingCount ?? 0); \(surge)",
                         resource: service.serviceArn ?? service.serviceName, source: "ecs:DescribeServices"),
            ] + ordered.map { Evidence(fact: "\($0.id) has \($0.free) free IPv4 addresses (AvailableIpAddressCount)",
                                       resource: $0.id, source: "ec2:DescribeSubnets") },
            related: ordered.dropFirst().map(\.id))], [])
    }

    /// The most tasks a deployment of `service` runs at once.
    static func peakTasks(_ service: ECSService, desired: Int) -> Int {
        if service.deploymentController?.type == "CODE_DEPLOY" { return 2 * desired }
        let percent = service.deploymentConfiguration?.maximumPercent ?? 200
        return max(desired, desired * percent / 100)
    }

    /// `AWSServiceRoleForECS`: ECS creates and deletes task network interfaces, and registers targets, with it; when
    /// it does not exist ECS answers "Unable to assume the service linked role". A service whose `roleArn` names it
    /// proves it exists (IAM refuses to delete it while an ECS cluster exists in any Region).
    func serviceLinkedRole(site: LaunchSite) -> (issues: [TaskDefinitionIssue], unverified: [UnverifiedFact]) {
        let name = Self.serviceLinkedRoleName
        if facts.iam.hasRole(named: name) { return ([], []) }
        if facts.notFound.contains(name) {
            return ([TaskDefinitionIssue(
                check: .serviceLinkedRole, resource: name,
                detail: "the account has no role \(name), which ECS uses to create the tasks' network interfaces and register them with load balancers",
                container: nil, field: "networkMode",
                evidence: [Evidence(fact: "GetRole \(name) answered NoSuchEntity", resource: name, source: "iam:GetRole")])], [])
        }
        if let failed = facts.unverified.first(where: { $0.permission == "iam:GetRole" && $0.fact.hasSuffix(" of \(name)") }) {
            return ([], [failed])
        }
        if let arn = site.service?.roleArn, arn.hasSuffix("/" + name) { return ([], []) }
        return ([], [UnverifiedFact(fact: "iam GetRole of \(name)", reason: "not collected", permission: "iam:GetRole")])
    }

    /// Docker Hub's hosts (an image without a registry host is pulled from `registry-1.docker.io`).
    static let dockerHubHosts: Set<String> = ["docker.io", "registry-1.docker.io", "index.docker.io", "registry.hub.docker.com"]

    /// Public Docker Hub images pulled without `repositoryCredentials` from subnets whose default route is a NAT
    /// gateway: Docker Hub limits anonymous pulls per source address, and every task behind the NAT gateway pulls
    /// from its one address. A stopped reason saying `toomanyrequests` is added to the evidence.
    func registryRateLimit(_ definition: TaskDefinition, site: LaunchSite, name: String)
        -> (issues: [TaskDefinitionIssue], unverified: [UnverifiedFact]) {
        let anonymous = definition.containerDefinitions.enumerated().filter { _, container in
            container.repositoryCredentials == nil
                && container.image.map { Self.dockerHubHosts.contains(NeedsAnalyzer.registryHost(of: $0).lowercased()) } == true
        }
        guard !anonymous.isEmpty else { return ([], []) }
        let taskSubnet = site.task?.networkAttachment?.detail("subnetId")
        let subnetIds = taskSubnet.map { [$0] } ?? site.serviceSubnets
        var gateways: [(subnet: String, nat: NATGateway?, natId: String)] = []
        var unverified: [UnverifiedFact] = []
        for subnet in subnetIds {
            guard let table = facts.routeTable(forSubnet: subnet) else {
                unverified.append(UnverifiedFact(fact: "route table of subnet \(subnet)", reason: "not collected",
                                                 permission: "ec2:DescribeRouteTables"))
                continue
            }
            guard let nat = table.routes?.first(where: { $0.destinationCidrBlock == "0.0.0.0/0" })?.natGatewayId else { continue }
            gateways.append((subnet, facts.natGateway(nat), nat))
        }
        let throttled = ([site.task?.stoppedReason] + (site.task?.containers ?? []).map(\.reason)).compactMap { $0 }
            .first { $0.lowercased().contains("toomanyrequests") }
        var issues: [TaskDefinitionIssue] = []
        for (index, container) in anonymous {
            guard let image = container.image, let first = gateways.first else { continue }
            let address = first.nat?.natGatewayAddresses?.compactMap(\.publicIp).first
            var evidence = [
                Evidence(fact: "container \(container.name) pulls \(image) from Docker Hub without repositoryCredentials (anonymous pulls are limited per source IP address)",
                         resource: name, source: "ecs:DescribeTaskDefinition"),
            ] + gateways.map { Evidence(fact: "\($0.subnet) routes 0.0.0.0/0 to \($0.natId)", resource: $0.subnet, source: "ec2:DescribeRouteTables") }
            if let address {
                evidence.append(Evidence(fact: "every task behind \(first.natId) pulls from its one public address \(address)",
                                         resource: first.natId, source: "ec2:DescribeNatGateways"))
            }
            if let throttled {
                evidence.append(Evidence(fact: "the task stopped with: \(throttled)", resource: site.task?.taskArn ?? name, source: "ecs:DescribeTasks"))
            }
            issues.append(TaskDefinitionIssue(
                check: .registryRateLimit, resource: image,
                detail: "\(image) is pulled anonymously from Docker Hub through NAT gateway \(first.natId)"
                    + (address.map { " (\($0))" } ?? "") + ", whose address every task shares"
                    + (throttled == nil ? "" : "; the task stopped with toomanyrequests"),
                container: container.name, field: "containerDefinitions[\(index)].image", evidence: evidence,
                related: Array(Set(gateways.map(\.natId))).sorted()))
        }
        return (issues, unverified)
    }
}
