/// Builds the network fixes (endpoints, security group rules, routes, DNS, public IPs) as changes with the real
/// ids from the facts, each ending with the change that starts the task again.
struct NetworkFixBuilder {
    let context: DiagnosisContext
    let match: FindingMatch

    private var region: String { context.region }
    private var vpcId: String { context.vpcId ?? "<vpc-id>" }
    private var taskGroups: [String] { context.taskSecurityGroups.isEmpty ? ["<task-security-group-id>"] : context.taskSecurityGroups }

    /// One interface endpoint per blocked AWS service, in the task's subnets, private DNS on, with a security
    /// group admitting 443 from the task's security groups.
    func addInterfaceEndpoints() -> Fix? {
        let services = match.needs.compactMap { need -> String? in
            if case .awsService(let name, _) = need.destination { return name }
            return nil
        }
        guard !services.isEmpty else { return nil }
        var changes: [FixChange] = []
        let existing = reusableEndpointGroup()
        let needsGroup = services.contains { $0 != "s3" }
        if existing == nil, needsGroup {
            changes.append(.endpointSecurityGroup(vpcId: vpcId, sources: taskGroups))
        }
        for service in services {
            let name = ReachabilityEngine.endpointServiceNames(service, region: region)[0]
            if service == "s3" {
                // The route tables of the subnets where S3 is blocked (one of two subnets may already reach it).
                var tables: [String] = []
                for verdict in match.verdicts where verdict.need.name == service {
                    if let table = context.facts.routeTable(forSubnet: verdict.subnetId)?.routeTableId, !tables.contains(table) {
                        tables.append(table)
                    }
                }
                if let existing = context.facts.vpcEndpoints?.first(where: { $0.vpcId == context.vpcId && $0.isGateway && $0.serviceName == name }) {
                    changes.append(.gatewayEndpointRouteTables(endpoint: existing, adding: tables))
                } else {
                    changes.append(.gatewayEndpoint(vpcId: vpcId, serviceName: name, routeTables: tables.isEmpty ? ["<route-table-id>"] : tables))
                }
            } else {
                changes.append(.interfaceEndpoint(vpcId: vpcId, serviceName: name, subnets: context.endpointSubnets, securityGroup: existing))
            }
        }
        let names = services.map { ReachabilityEngine.endpointServiceNames($0, region: region)[0] }
        return fix("add-interface-endpoint",
                   "Create \(names.joined(separator: ", ")) endpoint\(names.count > 1 ? "s" : "") in \(vpcId) with private DNS, reachable on 443 from the task",
                   changes)
    }

    /// A security group already used by an interface endpoint of the VPC that admits 443 from the task.
    private func reusableEndpointGroup() -> String? {
        let evaluator = SecurityGroupEvaluator(facts: context.facts)
        let groups = (context.facts.vpcEndpoints ?? [])
            .filter { $0.vpcId == context.vpcId && $0.isInterface }
            .flatMap(\.securityGroupIds)
        let peer = SecurityGroupEvaluator.Peer(groupIds: context.taskSecurityGroups, name: "the task")
        return groups.first { evaluator.check([$0], .ingress, port: 443, peer: peer).passes == true }
    }

    /// Route the task subnets' default route through an existing, working NAT gateway of the VPC. Not for
    /// IPv6-only subnets: their traffic never takes 0.0.0.0/0 (they need ::/0 or NAT64, see docs/reachability.md).
    func routeThroughNAT() -> Fix? {
        guard let hop = match.decidingHop, hop.kind == .route, hop.resource.hasPrefix("rtb-") else { return nil }
        guard !match.verdicts.contains(where: { context.facts.subnet($0.subnetId)?.isIPv6Only == true }) else { return nil }
        guard let nat = context.facts.natGateways?.first(where: {
            $0.vpcId == context.vpcId && $0.state?.lowercased() == "available" && $0.isPublic
        }) else { return nil }
        let table = context.facts.routeTables?.first { $0.routeTableId == hop.resource }
        let replacing = table?.routes?.contains { $0.destinationCidrBlock == "0.0.0.0/0" } == true
        return fix("route-through-nat", "Route 0.0.0.0/0 from \(hop.resource) through \(nat.natGatewayId)",
                   [.route(routeTableId: hop.resource, destination: "0.0.0.0/0", natGatewayId: nat.natGatewayId, replacing: replacing)])
    }

    /// Admit HTTPS from the task's security groups on the endpoint's security group.
    func allowHTTPSToEndpoint() -> Fix? {
        guard let hop = match.decidingHop, hop.kind == .endpointSecurityGroup else { return nil }
        let changes = taskGroups.map { FixChange.securityGroupRule(.init(direction: .ingress, groupId: hop.resource, port: 443, peer: .group($0))) }
        return fix("allow-https-to-endpoint-sg",
                   "Allow TCP 443 into \(hop.resource) from the task's security group\(taskGroups.count > 1 ? "s" : "")", changes)
    }

    func enableEndpointPrivateDNS() -> Fix? {
        guard let hop = match.decidingHop, hop.kind == .endpointDNS, hop.resource.hasPrefix("vpce-"),
              let endpoint = context.facts.vpcEndpoints?.first(where: { $0.vpcEndpointId == hop.resource }) else { return nil }
        return fix("enable-endpoint-private-dns", "Turn on private DNS for \(hop.resource)", [.endpointPrivateDNS(endpoint: endpoint)])
    }

    func enableVPCDNS() -> Fix? {
        guard let hop = match.decidingHop, hop.kind == .endpointDNS, hop.resource.hasPrefix("vpc-") else { return nil }
        let dns = context.facts.vpcDNS[hop.resource]
        return fix("enable-vpc-dns", "Turn on DNS support and DNS hostnames in \(hop.resource)",
                   [.vpcDNS(vpcId: hop.resource, cidrBlock: context.facts.vpc(hop.resource)?.cidrBlock,
                            supportOff: dns?.enableDnsSupport != true, hostnamesOff: dns?.enableDnsHostnames != true)])
    }

    /// Allow the task's security group out to what it needs: the endpoints' groups, the internet, the database.
    func allowTaskEgress() -> Fix? {
        guard let hop = match.decidingHop, hop.kind == .taskSecurityGroupEgress else { return nil }
        var rules: [SecurityGroupRule] = []
        for verdict in match.verdicts {
            var peers: [(Int, SecurityGroupRule.Peer)] = []
            switch verdict.need.destination {
            case .database(let target):
                peers = target.securityGroupIds.map { (target.port, .group($0)) }
            case .awsService where verdict.hops.contains { $0.kind == .gatewayEndpoint }:
                let table = context.facts.routeTable(forSubnet: verdict.subnetId)
                let gateway = verdict.hops.first { $0.kind == .gatewayEndpoint }?.resource
                peers = [(443, .prefixList(table?.routes?.first { $0.gatewayId == gateway }?.destinationPrefixListId ?? "<prefix-list-id>"))]
            case .registry:
                peers = [(443, .cidr("0.0.0.0/0"))]
            case .loadBalancer, .efs:
                continue
            case .awsService:
                let endpointGroups = verdict.hops.first { $0.kind == .endpoint && $0.resource.hasPrefix("vpce-") }
                    .flatMap { hop in context.facts.vpcEndpoints?.first { $0.vpcEndpointId == hop.resource }?.securityGroupIds } ?? []
                peers = endpointGroups.isEmpty ? [(443, .cidr("0.0.0.0/0"))] : endpointGroups.map { (443, .group($0)) }
            }
            for (port, peer) in peers {
                let rule = SecurityGroupRule(direction: .egress, groupId: hop.resource, port: port, peer: peer)
                if !rules.contains(rule) { rules.append(rule) }
            }
        }
        return fix("allow-task-egress", "Allow \(hop.resource) out to \(match.needs.map(\.displayName).joined(separator: ", "))",
                   rules.map(FixChange.securityGroupRule))
    }

    func allowDatabaseIngress() -> Fix? {
        guard let hop = match.decidingHop, hop.kind == .targetSecurityGroupIngress,
              case .database(let target)? = match.verdicts.first?.need.destination else { return nil }
        let changes = taskGroups.map {
            FixChange.securityGroupRule(.init(direction: .ingress, groupId: hop.resource, port: target.port, peer: .group($0)))
        }
        return fix("allow-db-ingress", "Allow TCP \(target.port) into \(hop.resource) (\(target.identifier)) from the task's security group",
                   changes, restart: false)
    }

    /// A new deployment with public IPs (the update itself starts new tasks).
    func assignPublicIP() -> Fix? {
        guard let service = context.service, let hop = match.decidingHop, hop.kind == .publicIP else { return nil }
        let subnets = PlacementResolver(facts: context.facts).placements(of: service).map(\.subnetId)
        let definition = service.deployments?.first { $0.status == "PRIMARY" }?.taskDefinition ?? service.taskDefinition
        return fix("assign-public-ip",
                   "Give \(service.serviceName)'s tasks a public IP (or move them to private subnets routed through a NAT gateway)",
                   [.assignPublicIP(cluster: context.cluster, service: service.serviceName, taskDefinition: definition,
                                    subnets: subnets, securityGroups: taskGroups)])
    }

    private func fix(_ id: String, _ summary: String, _ changes: [FixChange], restart: Bool = true) -> Fix {
        Fix(id: id, summary: summary, changes: changes + (restart ? FixChange.restart(in: context).map { [$0] } ?? [] : []),
            region: region)
    }
}

extension FixChange {
    /// What starts the task again after a fix: a new deployment of its service, else running the standalone task
    /// again with the same task definition and network (tasks that failed to start are not retried by themselves).
    static func restart(in context: DiagnosisContext) -> FixChange? {
        if let service = context.service {
            return .redeployService(region: context.region, cluster: context.cluster, service: service.serviceName)
        }
        guard let task = context.task, let definition = task.taskDefinitionArn else { return nil }
        return .runTask(region: context.region, cluster: context.cluster, taskDefinition: definition, launchType: task.launchType,
                        subnets: context.placements.map(\.subnetId), securityGroups: context.taskSecurityGroups)
    }
}
