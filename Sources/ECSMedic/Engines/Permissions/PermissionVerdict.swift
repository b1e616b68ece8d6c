/// Whether a role may make one agent call, and what decided it.
public struct PermissionVerdict: Sendable, Equatable {
    public enum Role: String, Sendable {
        case execution, task
    }

    public var role: Role
    public var roleArn: String
    public var call: AgentCall
    /// Nil when a needed policy could not be read (then `unverified` says which).
    public var decision: AuthorizationDecision?
    public var unverified: [UnverifiedFact]
    /// The policy documents by layer and index, to name the deciding statement in evidence.
    public var policyNames: [PolicyLayer: [String]]
    /// Whether the task role would be allowed the same call (the permission was put on the wrong role).
    public var allowedForTaskRole: Bool?
    /// The VPC endpoint the call goes through, when it does.
    public var endpointId: String?

    /// The layers that decided a denial: an explicit deny's layers, else the layers without an allow.
    public var decidingLayers: [PolicyLayer] {
        guard let decision, !decision.isAllowed else { return [] }
        if decision.decision == .explicitDeny {
            return decision.matched.map(\.layer).reduce(into: []) { if !$0.contains($1) { $0.append($1) } }
        }
        return decision.blockedBy
    }
}

/// Whether a role trusts `ecs-tasks.amazonaws.com` to assume it.
public struct TrustVerdict: Sendable {
    public var role: PermissionVerdict.Role
    public var roleArn: String
    /// Nil when the role (or its trust policy) could not be read.
    public var trusted: Bool?
}
