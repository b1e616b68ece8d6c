/// Applies fix changes to the facts in memory, as AWS would once the commands ran, so that the diagnosis can be
/// run again to prove a fix. New resources get recognisable ids (`sg-ecsmedic...`, `vpce-ecsmedic...`).
struct FactPatch {
    static let endpointGroupId = "sg-ecsmedicvpcehttps"

    let changes: [FixChange]

    func applied(to original: Facts) -> Facts {
        var facts = original
        for change in changes { apply(change, to: &facts) }
        return facts
    }

    private func apply(_ change: FixChange, to facts: inout Facts) {
        switch change {
        case .endpointSecurityGroup(let vpcId, let sources):
            let https = SecurityGroup.Permission(ipProtocol: "tcp", fromPort: 443, toPort: 443,
                                                 userIdGroupPairs: sources.map { .init(groupId: $0) })
            let anywhere = SecurityGroup.Permission(ipProtocol: "-1", ipRanges: [.init(cidrIp: "0.0.0.0/0")])
            facts.securityGroups = (facts.securityGroups ?? []) + [SecurityGroup(
                groupId: Self.endpointGroupId, groupName: "ecs-medic-vpce-https", vpcId: vpcId,
                ipPermissions: [https], ipPermissionsEgress: [anywhere])]
        case .interfaceEndpoint(let vpcId, let serviceName, let subnets, let group):
            facts.vpcEndpoints = (facts.vpcEndpoints ?? []) + [VPCEndpoint(
                vpcEndpointId: "vpce-ecsmedic" + FixNames.snake(serviceName), vpcEndpointType: "Interface", vpcId: vpcId,
                serviceName: serviceName, state: "available", subnetIds: subnets,
                groups: [.init(groupId: group ?? Self.endpointGroupId)], privateDnsEnabled: true)]
        case .gatewayEndpoint(let vpcId, let serviceName, let tables):
            let id = "vpce-ecsmedic" + FixNames.snake(serviceName)
            facts.vpcEndpoints = (facts.vpcEndpoints ?? []) + [VPCEndpoint(
                vpcEndpointId: id, vpcEndpointType: "Gateway", vpcId: vpcId, serviceName: serviceName, state: "available",
                routeTableIds: tables)]
            addGatewayRoutes(id: id, serviceName: serviceName, tables: tables, to: &facts)
        case .gatewayEndpointRouteTables(let endpoint, let tables):
            guard var endpoints = facts.vpcEndpoints,
                  let index = endpoints.firstIndex(where: { $0.vpcEndpointId == endpoint.vpcEndpointId }) else { return }
            endpoints[index].routeTableIds = (endpoints[index].routeTableIds ?? []) + tables
            facts.vpcEndpoints = endpoints
            addGatewayRoutes(id: endpoint.vpcEndpointId, serviceName: endpoint.serviceName ?? "", tables: tables, to: &facts)
        case .securityGroupRule(let rule):
            var permission = SecurityGroup.Permission(ipProtocol: "tcp", fromPort: rule.port, toPort: rule.port)
            switch rule.peer {
            case .group(let id): permission.userIdGroupPairs = [.init(groupId: id)]
            case .cidr(let cidr): permission.ipRanges = [.init(cidrIp: cidr)]
            case .prefixList(let id): permission.prefixListIds = [.init(prefixListId: id)]
            }
            guard var groups = facts.securityGroups, let index = groups.firstIndex(where: { $0.groupId == rule.groupId }) else { return }
            if rule.direction == .ingress {
                groups[index].ipPermissions = (groups[index].ipPermissions ?? []) + [permission]
            } else {
                groups[index].ipPermissionsEgress = (groups[index].ipPermissionsEgress ?? []) + [permission]
            }
            facts.securityGroups = groups
        case .route(let table, let destination, let nat, _):
            guard var routeTables = facts.routeTables, let index = routeTables.firstIndex(where: { $0.routeTableId == table }) else { return }
            var routes = (routeTables[index].routes ?? []).filter { $0.destinationCidrBlock != destination }
            routes.append(RouteTable.Route(destinationCidrBlock: destination, natGatewayId: nat, state: "active", origin: "CreateRoute"))
            routeTables[index].routes = routes
            facts.routeTables = routeTables
        case .endpointPrivateDNS(let endpoint):
            guard var endpoints = facts.vpcEndpoints,
                  let index = endpoints.firstIndex(where: { $0.vpcEndpointId == endpoint.vpcEndpointId }) else { return }
            endpoints[index].privateDnsEnabled = true
            facts.vpcEndpoints = endpoints
        case .vpcDNS(let vpcId, _, _, _):
            facts.vpcDNS[vpcId] = VPCDNSAttributes(enableDnsSupport: true, enableDnsHostnames: true)
        case .assignPublicIP(_, let service, _, _, _):
            guard var services = facts.services, let index = services.firstIndex(where: { $0.serviceName == service }) else { return }
            services[index].networkConfiguration?.awsvpcConfiguration?.assignPublicIp = "ENABLED"
            var deployments = services[index].deployments ?? []
            for deployment in deployments.indices {
                deployments[deployment].networkConfiguration?.awsvpcConfiguration?.assignPublicIp = "ENABLED"
            }
            if services[index].deployments != nil { services[index].deployments = deployments }
            facts.services = services
        case .logGroup(let name):
            facts.appendLogGroup(LogGroup(logGroupName: name))
        case .pullThroughCacheRule:
            // The task pulls through the cache only once its task definition names the cached image.
            return
        case .serviceLinkedRole:
            let name = LaunchInspector.serviceLinkedRoleName
            facts.notFound.remove(name)
            facts.iam.roles.append(IAMRole(roleName: name, arn: "arn:aws:iam::\(facts.account ?? ""):role/aws-service-role/ecs.amazonaws.com/\(name)"))
        case .autoScalingMaxSize(_, let group, let maxSize, _, _, _):
            facts.autoScalingGroups = facts.autoScalingGroups?.map { candidate in
                var copy = candidate
                if copy.autoScalingGroupName == group { copy.maxSize = maxSize }
                return copy
            }
        case .platformVersion(_, _, let service, let version):
            guard var services = facts.services, let index = services.firstIndex(where: { $0.serviceName == service }) else { return }
            services[index].platformVersion = version
            if var deployments = services[index].deployments, let primary = deployments.firstIndex(where: { $0.status == "PRIMARY" }) {
                deployments[primary].platformVersion = version
                services[index].deployments = deployments
            }
            facts.services = services
        case .networkACLEntry(let aclId, let number, let egress, let from, let to, let cidr):
            guard var acls = facts.networkACLs, let index = acls.firstIndex(where: { $0.networkAclId == aclId }) else { return }
            acls[index].entries = (acls[index].entries ?? []) + [NetworkACL.Entry(
                ruleNumber: number, protocol: "6", ruleAction: "allow", egress: egress, cidrBlock: cidr,
                portRange: .init(from: from, to: to))]
            facts.networkACLs = acls
        case .endpointPolicy(let endpoint, let document):
            guard var endpoints = facts.vpcEndpoints,
                  let index = endpoints.firstIndex(where: { $0.vpcEndpointId == endpoint.vpcEndpointId }) else { return }
            endpoints[index].policyDocument = FixNames.json(document)
            facts.vpcEndpoints = endpoints
        case .logDriverOption(let definition, _, let containers, let option, let value, _, _):
            guard var definitions = facts.taskDefinitions,
                  let index = definitions.firstIndex(where: { $0.taskDefinitionArn == definition }) else { return }
            let names = Set(containers.map(\.container))
            for container in definitions[index].containerDefinitions.indices where names.contains(definitions[index].containerDefinitions[container].name) {
                definitions[index].containerDefinitions[container].logConfiguration?.options?[option] = value
            }
            facts.taskDefinitions = definitions
        case .healthCheckGracePeriod(let cluster, let service, let seconds, _):
            guard var services = facts.services else { return }
            for index in services.indices where services[index].serviceName == service
                && (services[index].clusterName == nil || services[index].clusterName == cluster) {
                services[index].healthCheckGracePeriodSeconds = seconds
            }
            facts.services = services
        case .targetGroupHealthCheck(let settings):
            guard var groups = facts.targetGroups,
                  let index = groups.firstIndex(where: { $0.targetGroupArn == settings.targetGroupArn }) else { return }
            if let port = settings.port { groups[index].healthCheckPort = port }
            if let path = settings.path { groups[index].healthCheckPath = path }
            if let matcher = settings.matcher { groups[index].matcher = TargetGroup.Matcher(httpCode: matcher, grpcCode: nil) }
            facts.targetGroups = groups
        case .taskDefinitionRevision(let revision):
            guard var definitions = facts.taskDefinitions,
                  let index = definitions.firstIndex(where: { $0.taskDefinitionArn == revision.taskDefinition }) else { return }
            if let cpu = revision.taskCpu { definitions[index].cpu = String(cpu) }
            if let memory = revision.taskMemory { definitions[index].memory = String(memory) }
            if let platform = revision.runtimePlatform { definitions[index].runtimePlatform = platform }
            if let expression = revision.placementConstraint {
                definitions[index].placementConstraints = (definitions[index].placementConstraints ?? [])
                    + [PlacementConstraint(type: "memberOf", expression: expression)]
            }
            for container in definitions[index].containerDefinitions.indices
            where definitions[index].containerDefinitions[container].name == revision.container {
                if let memory = revision.containerMemory { definitions[index].containerDefinitions[container].memory = memory }
                if let variable = revision.environment {
                    var environment = definitions[index].containerDefinitions[container].environment ?? []
                    environment.removeAll { $0.name == variable.name }
                    definitions[index].containerDefinitions[container].environment = environment + [variable]
                }
            }
            facts.taskDefinitions = definitions
        case .rolePolicy(let role, let name, let document):
            if !(facts.iam.inlinePolicyNames[role] ?? []).contains(name) {
                facts.iam.inlinePolicyNames[role, default: []].append(name)
            }
            facts.iam.inlinePolicies[role, default: [:]][name] = document
        case .trustPolicy(let role, let document):
            guard let index = facts.iam.roles.firstIndex(where: { $0.roleName == role }) else { return }
            facts.iam.roles[index].assumeRolePolicyDocument = document
        case .detachManagedPolicy(let role, let arn):
            facts.iam.attachedPolicies[role]?.removeAll { $0.policyArn == arn }
        case .deleteRolePolicy(let role, let name):
            facts.iam.inlinePolicyNames[role]?.removeAll { $0 == name }
            facts.iam.inlinePolicies[role]?[name] = nil
        case .redeployService, .runTask:
            return
        }
    }

    /// The route to the service's prefix list that AWS adds to each route table of a gateway endpoint.
    private func addGatewayRoutes(id: String, serviceName: String, tables: [String], to facts: inout Facts) {
        let prefixList = facts.prefixLists?.first { $0.prefixListName == serviceName }?.prefixListId
        guard var routeTables = facts.routeTables else { return }
        for index in routeTables.indices where tables.contains(routeTables[index].routeTableId) {
            routeTables[index].routes = (routeTables[index].routes ?? [])
                + [RouteTable.Route(destinationPrefixListId: prefixList, gatewayId: id, state: "active", origin: "CreateRoute")]
        }
        facts.routeTables = routeTables
    }
}
