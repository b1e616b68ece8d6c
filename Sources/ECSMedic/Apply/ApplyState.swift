/// What earlier steps of one apply learnt or created that later steps refer to: the interface endpoint security
/// group of each VPC (found in place, or created by this apply).
public struct ApplyState: Sendable {
    /// VPC id → id of the `ecs-medic-vpce-https` group.
    var endpointGroups: [String: String] = [:]

    /// The id a group reference stands for now; a dry run's not-yet-created group is shown as a placeholder.
    func resolve(_ group: GroupReference) -> String? {
        switch group {
        case .id(let id): return id
        case .endpointGroup(let vpcId): return endpointGroups[vpcId]
        }
    }
}

/// A security group named by id, or the endpoint group of a VPC that the same apply may create first.
public enum GroupReference: Sendable, Hashable {
    case id(String)
    case endpointGroup(vpcId: String)

    var placeholder: String {
        switch self {
        case .id(let id): return id
        case .endpointGroup(let vpcId): return "<new \(EndpointGroupStep.groupName) in \(vpcId)>"
        }
    }
}
