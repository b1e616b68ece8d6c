import AWSClient

/// The changes of a fix plan as apply steps, in the plan's order, and the changes that are never applied: those
/// that delete or narrow something, replace a whole document or configuration, or a restart that was not asked for.
public struct ApplyPlan: Sendable {
    public var region: String
    public var steps: [any ApplyStep]
    public var notApplied: [NotApplied]

    /// A change left to the user, with why and the AWS CLI form to run by hand.
    public struct NotApplied: Sendable, Equatable {
        public var reason: String
        public var command: String
    }

    /// `redeploy`: whether the plan's service restart is a step (`--redeploy`) or left out.
    public init(_ plan: FixPlan, redeploy: Bool) {
        region = plan.region
        steps = []
        notApplied = []
        for change in plan.changes {
            switch Self.steps(for: change, redeploy: redeploy) {
            case .steps(let steps):
                self.steps += steps
            case .notApplied(let reason):
                notApplied.append(NotApplied(reason: reason, command: AWSCLIFixWriter(region: plan.region).render([change]) ?? ""))
            }
        }
    }

    /// How a change is applied.
    enum Mapping {
        case steps([any ApplyStep])
        case notApplied(String)
    }

    /// The steps of one change. A new kind of change is one step type under `Apply/Steps` and one case here.
    static func steps(for change: FixChange, redeploy: Bool) -> Mapping {
        switch change {
        case .endpointSecurityGroup(let vpcId, let sources):
            return .steps([EndpointGroupStep(vpcId: vpcId)] + sources.map {
                SecurityGroupRuleStep(direction: .ingress, group: .endpointGroup(vpcId: vpcId), port: 443, peer: .group($0))
            })
        case .interfaceEndpoint(let vpcId, let serviceName, let subnets, let group):
            return .steps([VPCEndpointStep(vpcId: vpcId, serviceName: serviceName,
                                           placement: .interface(subnets: subnets, group: group.map(GroupReference.id) ?? .endpointGroup(vpcId: vpcId)))])
        case .gatewayEndpoint(let vpcId, let serviceName, let tables):
            return .steps([VPCEndpointStep(vpcId: vpcId, serviceName: serviceName, placement: .gateway(routeTables: tables))])
        case .gatewayEndpointRouteTables(let endpoint, let tables):
            return .steps([EndpointRouteTablesStep(endpointId: endpoint.vpcEndpointId, routeTables: tables)])
        case .securityGroupRule(let rule):
            return .steps([SecurityGroupRuleStep(direction: rule.direction, group: .id(rule.groupId), port: rule.port, peer: rule.peer)])
        case .route(let table, let destination, let nat, let replacing):
            if replacing {
                return .notApplied("replaces the existing \(destination) route of \(table): traffic that works today would move")
            }
            return .steps([RouteStep(routeTableId: table, destination: destination, natGatewayId: nat)])
        case .endpointPrivateDNS(let endpoint):
            return .steps([EndpointPrivateDNSStep(endpointId: endpoint.vpcEndpointId)])
        case .vpcDNS(let vpcId, _, _, _):
            return .steps([VPCDNSStep(vpcId: vpcId)])
        case .networkACLEntry(let aclId, let ruleNumber, let egress, let fromPort, let toPort, let cidr):
            return .steps([NetworkACLEntryStep(aclId: aclId, ruleNumber: ruleNumber, egress: egress,
                                               fromPort: fromPort, toPort: toPort, cidr: cidr)])
        case .endpointPolicy:
            return .notApplied("replaces the endpoint's whole policy document")
        case .healthCheckGracePeriod(let cluster, let service, let seconds, _):
            return .steps([GracePeriodStep(cluster: cluster, service: service, seconds: seconds)])
        case .targetGroupHealthCheck:
            return .notApplied("changes how the load balancer judges every target of the group, healthy ones included: a wrong port or path takes them out of service")
        case .logDriverOption, .taskDefinitionRevision:
            return .notApplied("registers a new task definition revision and deploys it")
        case .logGroup(let name):
            return .steps([LogGroupStep(name: name)])
        case .rolePolicy(let role, let name, let document):
            return .steps([RolePolicyStep(role: role, name: name, document: document)])
        case .redeployService(_, let cluster, let service):
            return redeploy ? .steps([RedeployStep(cluster: cluster, service: service)])
                : .notApplied("restarts the service: add --redeploy to apply it")
        case .assignPublicIP:
            return .notApplied("changes the service's network configuration (and starts a new deployment)")
        case .platformVersion:
            return .notApplied("changes the service's platform version (and starts a new deployment)")
        case .autoScalingMaxSize:
            return .notApplied("raises an Auto Scaling group's MaxSize, which lets it launch (and bill) more instances: run the AWS CLI form once")
        case .pullThroughCacheRule:
            return .notApplied("needs a Secrets Manager secret holding Docker Hub credentials, which ecs-medic never writes")
        case .serviceLinkedRole:
            return .notApplied("creates an account-wide service-linked role: run the AWS CLI form once")
        case .trustPolicy:
            return .notApplied("replaces the role's whole trust policy")
        case .detachManagedPolicy:
            return .notApplied("removes a permission (ecs-medic never narrows what exists)")
        case .deleteRolePolicy:
            return .notApplied("deletes an inline policy (ecs-medic never narrows what exists)")
        case .runTask:
            return .notApplied("starts a standalone task: run it once the changes are in place")
        }
    }
}
