import AWSClient

/// A name a rule's fact condition starts its path with (design.md §8.1): the selected task definition, service
/// or task, or a list of the facts (`subnets[]`), with the call whose answer holds it in the AWS CLI's JSON shape
/// and the member that names each element.
public enum FactRoot: String, Sendable, CaseIterable {
    case taskDefinition, service, task
    case subnets, securityGroups, routeTables, vpcEndpoints, networkAcls, vpcs, natGateways
    case roles, secrets, dbClusters, dbInstances, loadBalancers, targetGroups, logGroups

    /// The call that answers it.
    public var operation: AWSOperation {
        switch self {
        case .taskDefinition: return OperationCatalog.describeTaskDefinition
        case .service: return OperationCatalog.describeServices
        case .task: return OperationCatalog.describeTasks
        case .subnets: return OperationCatalog.describeSubnets
        case .securityGroups: return OperationCatalog.describeSecurityGroups
        case .routeTables: return OperationCatalog.describeRouteTables
        case .vpcEndpoints: return OperationCatalog.describeVpcEndpoints
        case .networkAcls: return OperationCatalog.describeNetworkAcls
        case .vpcs: return OperationCatalog.describeVpcs
        case .natGateways: return OperationCatalog.describeNatGateways
        case .roles: return OperationCatalog.getRole
        case .secrets: return OperationCatalog.describeSecret
        case .dbClusters: return OperationCatalog.describeDBClusters
        case .dbInstances: return OperationCatalog.describeDBInstances
        case .loadBalancers: return OperationCatalog.describeLoadBalancers
        case .targetGroups: return OperationCatalog.describeTargetGroups
        case .logGroups: return OperationCatalog.describeLogGroups
        }
    }

    /// The response member that holds it (a list of them, or one), nil for the whole response.
    var member: String? {
        switch self {
        case .taskDefinition: return "taskDefinition"
        case .service: return "services"
        case .task: return "tasks"
        case .subnets: return "Subnets"
        case .securityGroups: return "SecurityGroups"
        case .routeTables: return "RouteTables"
        case .vpcEndpoints: return "VpcEndpoints"
        case .networkAcls: return "NetworkAcls"
        case .vpcs: return "Vpcs"
        case .natGateways: return "NatGateways"
        case .roles: return "Role"
        case .secrets: return nil
        case .dbClusters: return "DBClusters"
        case .dbInstances: return "DBInstances"
        case .loadBalancers: return "LoadBalancers"
        case .targetGroups: return "TargetGroups"
        case .logGroups: return "logGroups"
        }
    }

    /// The members that name one element, tried in order (the resource of a finding).
    var idMembers: [String] {
        switch self {
        case .taskDefinition: return ["taskDefinitionArn", "family"]
        case .service: return ["serviceArn", "serviceName"]
        case .task: return ["taskArn"]
        case .subnets: return ["SubnetId"]
        case .securityGroups: return ["GroupId"]
        case .routeTables: return ["RouteTableId"]
        case .vpcEndpoints: return ["VpcEndpointId"]
        case .networkAcls: return ["NetworkAclId"]
        case .vpcs: return ["VpcId"]
        case .natGateways: return ["NatGatewayId"]
        case .roles: return ["Arn"]
        case .secrets: return ["ARN"]
        case .dbClusters: return ["DBClusterArn", "DBClusterIdentifier"]
        case .dbInstances: return ["DBInstanceArn", "DBInstanceIdentifier"]
        case .loadBalancers: return ["LoadBalancerArn"]
        case .targetGroups: return ["TargetGroupArn"]
        case .logGroups: return ["logGroupName"]
        }
    }

    /// The selected task definition, service or task of a diagnosis, rather than every element of a list.
    public var isSelected: Bool { self == .taskDefinition || self == .service || self == .task }

    /// The shape of one element, from the embedded service model.
    var shape: ResponseShape? {
        let output = ResponseShape.output(of: operation.name, service: operation.service)
        guard let member else { return output }
        guard let value = output?.member(member) else { return nil }
        return value.kind == .list ? value.element : value
    }

    /// The name of one element (its ARN or id), nil when it has none.
    func id(of document: JSONValue) -> String? {
        idMembers.lazy.compactMap { document[$0]?.stringValue }.first
    }
}

/// The facts' answers in the AWS CLI's JSON shapes, kept beside the typed facts as they are decoded (one tree
/// per element, never encoded again), for rules' fact conditions: by root, in snapshot order, a later answer
/// about the same element replacing the earlier one.
public struct FactDocuments: Sendable {
    private var lists: [FactRoot: [JSONValue]] = [:]
    private var positions: [FactRoot: [String: Int]] = [:]

    public init() {}

    /// Adds the elements of one answer: a list member's elements, or the one object.
    mutating func add(_ root: FactRoot, _ value: JSONValue) {
        if lists[root] == nil { lists[root] = [] }
        for element in value.arrayValue ?? [value] {
            guard case .object = element else { continue }
            var list = lists[root] ?? []
            lists[root] = nil
            if let id = root.id(of: element), let position = positions[root]?[id] {
                list[position] = element
            } else {
                if let id = root.id(of: element) { positions[root, default: [:]][id] = list.count }
                list.append(element)
            }
            lists[root] = list
        }
    }

    /// Every element of a root, nil when no answer held it.
    public func elements(_ root: FactRoot) -> [JSONValue]? { lists[root] }

    /// The element named `id` (its ARN or id).
    public func element(_ root: FactRoot, id: String) -> JSONValue? {
        positions[root]?[id].flatMap { lists[root]?[$0] }
    }
}
