import Foundation

/// Verdicts that the services of one audit share, each computed once per audit (`Auditor`): a network path's verdict
/// per VPC partition × need × placement, a role's verdict per agent call, and a role's overbroad grants. Keys are the
/// inputs the engines read, never serialised text. A fix's re-diagnosis runs on facts patched with the fix's changes:
/// its role verdicts are shared with the re-diagnoses of the same changes in the same partition only.
final class SharedVerdicts: @unchecked Sendable {
    /// The part of an audit a diagnosis belongs to: its network facts' partition (a VPC id, or "" for the whole
    /// account's network facts) and the fix changes its facts are patched with.
    struct Scope: Sendable {
        let verdicts: SharedVerdicts
        let partition: String
        var changes: [FixChange] = []

        /// The scope of a re-diagnosis of these facts patched with `changes`.
        func patched(with changes: [FixChange]) -> Scope {
            Scope(verdicts: verdicts, partition: partition, changes: self.changes + changes)
        }
    }

    private struct FactsKey: Hashable {
        let partition: String
        let changes: [FixChange]

        init(_ scope: Scope) {
            partition = scope.partition
            changes = scope.changes
        }
    }

    private struct PathKey: Hashable {
        let facts: FactsKey
        let destination: NetworkNeed.Destination
        let placement: NetworkPlacement
    }

    private struct PermissionKey: Hashable {
        let facts: FactsKey
        let role: PermissionVerdict.Role
        let roleArn: String
        let action: String
        let resource: String
        let context: [String: [String]]
        let endpointId: String?
    }

    private struct GrantsKey: Hashable {
        let facts: FactsKey
        let roleArn: String
        let arnPartition: String
        let account: String
    }

    private let lock = NSLock()
    private var engines: [FactsKey: ReachabilityEngine] = [:]
    private var paths: [PathKey: PathVerdict] = [:]
    private var permissions: [PermissionKey: PermissionVerdict] = [:]
    private var grants: [GrantsKey: [OverbroadGrant]] = [:]

    /// The reachability engine of a partition, its network index built the first time. Patched facts (a fix's
    /// re-diagnosis, whose changes are nearly always the service's own) get an engine of their own, not kept.
    func engine(_ scope: Scope, facts: Facts) -> ReachabilityEngine {
        guard scope.changes.isEmpty else { return ReachabilityEngine(facts: facts) }
        let key = FactsKey(scope)
        if let engine = locked({ engines[key] }) { return engine }
        let engine = ReachabilityEngine(facts: facts)
        locked { engines[key] = engine }
        return engine
    }

    /// The verdict for a need from a placement in a partition. The engine reads the need's destination and the
    /// placement's network fields only, so the need's reasons and the placement's provenance are not part of the key.
    /// Nor is the resource that decides the public IP (a service's own ARN, which would make every key distinct): only
    /// a path blocked for want of a public IP names it, and such a verdict is computed again. A task's own placement
    /// is not kept: its verdict reads the task's address (ACL and security group rules match it, the evidence names
    /// it and its network interface), which no other placement shares.
    func path(_ scope: Scope, need: NetworkNeed, placement: NetworkPlacement,
              compute: () -> PathVerdict) -> PathVerdict {
        guard scope.changes.isEmpty, placement.privateIP == nil, placement.ipv6Address == nil,
              placement.networkInterfaceId == nil else { return compute() }
        var network = placement
        network.source = ""
        network.publicIPDecidedBy = nil
        let key = PathKey(facts: FactsKey(scope), destination: need.destination, placement: network)
        if var shared = locked({ paths[key] }),
           !shared.hops.contains(where: { $0.kind == .publicIP && $0.passes == false }) {
            shared.need = need
            return shared
        }
        let computed = compute()
        locked { paths[key] = computed }
        return computed
    }

    /// A role's verdict for an agent call through an endpoint. The engine reads the call's action, resource and
    /// context only; the call itself (its reason, grant) is the caller's.
    func permission(_ scope: Scope, _ role: PermissionVerdict.Role, roleArn: String, call: AgentCall, endpoint: VPCEndpoint?,
                    compute: () -> PermissionVerdict) -> PermissionVerdict {
        let key = PermissionKey(facts: FactsKey(scope), role: role, roleArn: roleArn, action: call.action, resource: call.resource,
                                context: call.context, endpointId: endpoint?.vpcEndpointId)
        var verdict = locked { permissions[key] } ?? {
            let computed = compute()
            locked { permissions[key] = computed }
            return computed
        }()
        verdict.call = call
        return verdict
    }

    /// A role's overbroad grants, probed in an ARN partition (`aws`) and account.
    func overbroadGrants(_ scope: Scope, of roleArn: String, partition: String, account: String,
                         compute: () -> [OverbroadGrant]) -> [OverbroadGrant] {
        let key = GrantsKey(facts: FactsKey(scope), roleArn: roleArn, arnPartition: partition, account: account)
        if let cached = locked({ grants[key] }) { return cached }
        let computed = compute()
        locked { grants[key] = computed }
        return computed
    }

    private func locked<T>(_ body: () -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        return body()
    }
}
