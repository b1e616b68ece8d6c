/// Writes fixes as AWS CLI commands with the real ids from the facts, ending with the command that starts
/// the task again.
struct AWSCLIFixBuilder {
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
        var lines: [String] = []
        let groupReference: String
        if let existing = reusableEndpointGroup() {
            groupReference = existing
        } else {
            groupReference = "\"$ENDPOINT_SG\""
            lines.append("ENDPOINT_SG=$(aws ec2 create-security-group --region \(region) --vpc-id \(vpcId) \\\n"
                + "  --group-name ecs-medic-vpce-https --description \"HTTPS from ECS tasks to VPC endpoints\" \\\n"
                + "  --query GroupId --output text)")
            for group in taskGroups {
                lines.append("aws ec2 authorize-security-group-ingress --region \(region) --group-id \"$ENDPOINT_SG\" \\\n"
                    + "  --protocol tcp --port 443 --source-group \(group)")
            }
        }
        for service in services {
            let name = ReachabilityEngine.endpointServiceNames(service, region: region)[0]
            if service == "s3" {
                let table = context.placements.first.flatMap { context.facts.routeTable(forSubnet: $0.subnetId)?.routeTableId }
                lines.append("aws ec2 create-vpc-endpoint --region \(region) --vpc-id \(vpcId) --vpc-endpoint-type Gateway \\\n"
                    + "  --service-name \(name) --route-table-ids \(table ?? "<route-table-id>")")
            } else {
                lines.append("aws ec2 create-vpc-endpoint --region \(region) --vpc-id \(vpcId) --vpc-endpoint-type Interface \\\n"
                    + "  --service-name \(name) --subnet-ids \(context.endpointSubnets.joined(separator: " ")) \\\n"
                    + "  --security-group-ids \(groupReference) --private-dns-enabled")
            }
        }
        let names = services.map { ReachabilityEngine.endpointServiceNames($0, region: region)[0] }
        return Fix(id: "add-interface-endpoint",
                   summary: "Create \(names.joined(separator: ", ")) endpoint\(names.count > 1 ? "s" : "") in \(vpcId) with private DNS, reachable on 443 from the task",
                   awsCli: script(lines))
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

    /// Route the task subnets' default route through an existing, working NAT gateway of the VPC.
    func routeThroughNAT() -> Fix? {
        guard let hop = match.decidingHop, hop.kind == .route, hop.resource.hasPrefix("rtb-") else { return nil }
        guard let nat = context.facts.natGateways?.first(where: {
            $0.vpcId == context.vpcId && $0.state?.lowercased() == "available" && $0.isPublic
        }) else { return nil }
        let table = context.facts.routeTables?.first { $0.routeTableId == hop.resource }
        let verb = table?.routes?.contains { $0.destinationCidrBlock == "0.0.0.0/0" } == true ? "replace-route" : "create-route"
        return Fix(id: "route-through-nat",
                   summary: "Route 0.0.0.0/0 from \(hop.resource) through \(nat.natGatewayId)",
                   awsCli: script(["aws ec2 \(verb) --region \(region) --route-table-id \(hop.resource) \\\n"
                       + "  --destination-cidr-block 0.0.0.0/0 --nat-gateway-id \(nat.natGatewayId)"]))
    }

    /// Admit HTTPS from the task's security groups on the endpoint's security group.
    func allowHTTPSToEndpoint() -> Fix? {
        guard let hop = match.decidingHop, hop.kind == .endpointSecurityGroup else { return nil }
        let lines = taskGroups.map { group in
            "aws ec2 authorize-security-group-ingress --region \(region) --group-id \(hop.resource) \\\n"
                + "  --protocol tcp --port 443 --source-group \(group)"
        }
        return Fix(id: "allow-https-to-endpoint-sg",
                   summary: "Allow TCP 443 into \(hop.resource) from the task's security group\(taskGroups.count > 1 ? "s" : "")",
                   awsCli: script(lines))
    }

    func enableEndpointPrivateDNS() -> Fix? {
        guard let hop = match.decidingHop, hop.kind == .endpointDNS, hop.resource.hasPrefix("vpce-") else { return nil }
        return Fix(id: "enable-endpoint-private-dns",
                   summary: "Turn on private DNS for \(hop.resource)",
                   awsCli: script(["aws ec2 modify-vpc-endpoint --region \(region) --vpc-endpoint-id \(hop.resource) --private-dns-enabled"]))
    }

    func enableVPCDNS() -> Fix? {
        guard let hop = match.decidingHop, hop.kind == .endpointDNS, hop.resource.hasPrefix("vpc-") else { return nil }
        let dns = context.facts.vpcDNS[hop.resource]
        var lines: [String] = []
        if dns?.enableDnsSupport != true {
            lines.append("aws ec2 modify-vpc-attribute --region \(region) --vpc-id \(hop.resource) --enable-dns-support '{\"Value\":true}'")
        }
        if dns?.enableDnsHostnames != true {
            lines.append("aws ec2 modify-vpc-attribute --region \(region) --vpc-id \(hop.resource) --enable-dns-hostnames '{\"Value\":true}'")
        }
        return Fix(id: "enable-vpc-dns", summary: "Turn on DNS support and DNS hostnames in \(hop.resource)",
                   awsCli: script(lines))
    }

    /// Allow the task's security group out to what it needs: the endpoints' groups, the internet, the database.
    func allowTaskEgress() -> Fix? {
        guard let hop = match.decidingHop, hop.kind == .taskSecurityGroupEgress else { return nil }
        var permissions: [String] = []
        for verdict in match.verdicts {
            let permission: String
            switch verdict.need.destination {
            case .database(let target):
                let groups = target.securityGroupIds.map { "{GroupId=\($0)}" }.joined(separator: ",")
                permission = "IpProtocol=tcp,FromPort=\(target.port),ToPort=\(target.port),UserIdGroupPairs=[\(groups)]"
            case .awsService where verdict.hops.contains { $0.kind == .gatewayEndpoint }:
                let table = context.facts.routeTable(forSubnet: verdict.subnetId)
                let gateway = verdict.hops.first { $0.kind == .gatewayEndpoint }?.resource
                let list = table?.routes?.first { $0.gatewayId == gateway }?.destinationPrefixListId ?? "<prefix-list-id>"
                permission = "IpProtocol=tcp,FromPort=443,ToPort=443,PrefixListIds=[{PrefixListId=\(list)}]"
            case .registry:
                permission = "IpProtocol=tcp,FromPort=443,ToPort=443,IpRanges=[{CidrIp=0.0.0.0/0}]"
            case .loadBalancer, .efs:
                continue
            case .awsService:
                let endpointGroups = verdict.hops.first { $0.kind == .endpoint && $0.resource.hasPrefix("vpce-") }
                    .flatMap { hop in context.facts.vpcEndpoints?.first { $0.vpcEndpointId == hop.resource }?.securityGroupIds }
                if let endpointGroups, !endpointGroups.isEmpty {
                    let groups = endpointGroups.map { "{GroupId=\($0)}" }.joined(separator: ",")
                    permission = "IpProtocol=tcp,FromPort=443,ToPort=443,UserIdGroupPairs=[\(groups)]"
                } else {
                    permission = "IpProtocol=tcp,FromPort=443,ToPort=443,IpRanges=[{CidrIp=0.0.0.0/0}]"
                }
            }
            if !permissions.contains(permission) { permissions.append(permission) }
        }
        let lines = permissions.map {
            "aws ec2 authorize-security-group-egress --region \(region) --group-id \(hop.resource) \\\n  --ip-permissions '\($0)'"
        }
        return Fix(id: "allow-task-egress",
                   summary: "Allow \(hop.resource) out to \(match.needs.map(\.displayName).joined(separator: ", "))",
                   awsCli: script(lines))
    }

    func allowDatabaseIngress() -> Fix? {
        guard let hop = match.decidingHop, hop.kind == .targetSecurityGroupIngress,
              case .database(let target)? = match.verdicts.first?.need.destination else { return nil }
        let lines = taskGroups.map { group in
            "aws ec2 authorize-security-group-ingress --region \(region) --group-id \(hop.resource) \\\n"
                + "  --protocol tcp --port \(target.port) --source-group \(group)"
        }
        return Fix(id: "allow-db-ingress",
                   summary: "Allow TCP \(target.port) into \(hop.resource) (\(target.identifier)) from the task's security group",
                   awsCli: script(lines, redeploy: false))
    }

    func assignPublicIP() -> Fix? {
        guard let service = context.service, let hop = match.decidingHop, hop.kind == .publicIP else { return nil }
        let configuration = PlacementResolver(facts: context.facts).placements(of: service)
        let subnets = configuration.map(\.subnetId).joined(separator: ",")
        let groups = taskGroups.joined(separator: ",")
        return Fix(id: "assign-public-ip",
                   summary: "Give \(service.serviceName)'s tasks a public IP (or move them to private subnets routed through a NAT gateway)",
                   awsCli: "aws ecs update-service --region \(region) --cluster \(context.cluster) --service \(service.serviceName) \\\n"
                       + "  --network-configuration 'awsvpcConfiguration={subnets=[\(subnets)],securityGroups=[\(groups)],assignPublicIp=ENABLED}' \\\n"
                       + "  --force-new-deployment")
    }

    /// The commands, then the command that starts the task again (tasks that failed to start are not retried
    /// with the new configuration until a new deployment or task).
    private func script(_ lines: [String], redeploy: Bool = true) -> String {
        var all = lines
        if redeploy, let service = context.service {
            all.append("aws ecs update-service --region \(region) --cluster \(context.cluster) --service \(service.serviceName) --force-new-deployment")
        }
        return all.joined(separator: "\n")
    }
}
