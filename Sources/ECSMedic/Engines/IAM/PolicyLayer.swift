/// The kinds of policy AWS weighs for one request, in the order ecs-medic reports them (design.md §9).
public enum PolicyLayer: String, Sendable, Hashable, CaseIterable, Comparable {
    /// The principal's inline and managed policies.
    case identity
    /// The resource's own policy (bucket, secret, queue, repository, KMS key policy, role trust policy).
    case resourcePolicy
    /// The managed policy set as the role's or user's permissions boundary.
    case permissionsBoundary
    /// AWS Organizations SCPs of the principal's account, one level after another from the root.
    case serviceControlPolicies
    /// AWS Organizations RCPs of the resource's account, one level after another from the root.
    case resourceControlPolicies
    /// The policy passed when the session was created (`AssumeRole` `Policy`/`PolicyArns`).
    case sessionPolicy
    /// The policy of the VPC endpoint the request goes through.
    case endpointPolicy

    /// What a person calls the layer: `permissions boundary`, `VPC endpoint policy`.
    public var title: String {
        switch self {
        case .identity: return "identity policies"
        case .resourcePolicy: return "resource policy"
        case .permissionsBoundary: return "permissions boundary"
        case .serviceControlPolicies: return "service control policies"
        case .resourceControlPolicies: return "resource control policies"
        case .sessionPolicy: return "session policy"
        case .endpointPolicy: return "VPC endpoint policy"
        }
    }

    public static func < (lhs: PolicyLayer, rhs: PolicyLayer) -> Bool { lhs.rank < rhs.rank }

    /// The layer's position in the declaration order (`allCases` would build an array for every comparison).
    private var rank: Int {
        switch self {
        case .identity: 0
        case .resourcePolicy: 1
        case .permissionsBoundary: 2
        case .serviceControlPolicies: 3
        case .resourceControlPolicies: 4
        case .sessionPolicy: 5
        case .endpointPolicy: 6
        }
    }
}
