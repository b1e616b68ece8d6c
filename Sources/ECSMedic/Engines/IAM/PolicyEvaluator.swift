/// Decides requests the way AWS documents it ("Policy evaluation logic"): an explicit deny in any layer wins; then
/// every present restricting layer (SCP levels, RCP levels, endpoint policy, boundary, session policy) must allow; the
/// identity policies or a same-account resource policy must grant; cross-account access needs both sides; a KMS key
/// policy must allow, directly or by enabling IAM policies through the account principal.
public struct PolicyEvaluator: Sendable {
    public init() {}

    /// Evaluates one request. Never calls AWS.
    public func evaluate(_ request: AuthorizationRequest) -> AuthorizationDecision {
        let prepared = PreparedRequest(request)
        let principal = prepared.principal
        // "GetCallerIdentity": no permissions are required, and an explicit deny does not stop it.
        if prepared.action == Self.getCallerIdentity, principal.kind != .anonymous {
            return AuthorizationDecision(decision: .allowed, blockedBy: [], matched: [])
        }
        var denies: [MatchedStatement] = []
        let hasPolicies = principal.hasIdentityPolicies
        let identity = hasPolicies ? scanAll(request.identityPolicies, layer: .identity, prepared, &denies) : LayerScan()
        let resource = request.resourcePolicy.map { scan($0, policy: 0, level: nil, layer: .resourcePolicy, prepared, &denies) }
        let boundary = hasPolicies ? request.permissionsBoundary.map {
            scan($0, policy: 0, level: nil, layer: .permissionsBoundary, prepared, &denies)
        } : nil
        let scps = prepared.scpsApply ? request.serviceControlPolicies.map {
            scanLevel($0, layer: .serviceControlPolicies, prepared, &denies)
        } : []
        let rcps = prepared.rcpsApply ? request.resourceControlPolicies.map {
            scanLevel($0, layer: .resourceControlPolicies, prepared, &denies)
        } : []
        let session = hasPolicies ? request.sessionPolicy.map {
            scan($0, policy: 0, level: nil, layer: .sessionPolicy, prepared, &denies)
        } : nil
        let endpoint = request.endpointPolicy.map {
            scan($0, policy: 0, level: nil, layer: .endpointPolicy, prepared, &denies)
        }
        if !denies.isEmpty {
            return AuthorizationDecision(decision: .explicitDeny, blockedBy: [], matched: denies)
        }

        var blocked = LayerSet()
        var matched: [MatchedStatement] = []
        for level in scps {
            if let allow = level.allow { matched.append(allow) } else { blocked.insert(.serviceControlPolicies) }
        }
        for level in rcps {
            if let allow = level.allow { matched.append(allow) } else { blocked.insert(.resourceControlPolicies) }
        }
        if let endpoint {
            if let allow = endpoint.allow { matched.append(allow) } else { blocked.insert(.endpointPolicy) }
        }
        // The owner of an AWS managed resource (AWS) lets nobody change it.
        if prepared.changesAWSManagedResource { blocked.insert(.resourcePolicy) }

        let core = decideCore(prepared, identity: identity, resource: resource, boundary: boundary, session: session)
        matched += core.matched
        blocked.formUnion(core.blocked)
        let decision: AuthorizationDecision.Decision = blocked.isEmpty && core.allowed ? .allowed : .implicitDeny
        return AuthorizationDecision(decision: decision, blockedBy: decision == .allowed ? [] : blocked.sorted,
                                     matched: matched.sorted { ($0.layer, $0.policy, $0.index) < ($1.layer, $1.policy, $1.index) })
    }

    private static let getCallerIdentity = Array("sts:getcalleridentity".utf8)

    /// Whether `principal` (an IAM ARN or a service principal such as `ecs-tasks.amazonaws.com`) may assume the role
    /// `roleARN` whose trust policy is `trustPolicy`; an IAM principal's own policies go in `identityPolicies`
    /// (needed when the trust policy names only the account, or for cross-account assumption).
    public func mayAssume(role roleARN: String, trustPolicy: PolicyDocument, principal: String,
                          action: String = "sts:AssumeRole", identityPolicies: [PolicyDocument] = [],
                          context: [String: [String]] = [:]) -> AuthorizationDecision {
        evaluate(AuthorizationRequest(principal: principal, action: action, resource: roleARN, context: context,
                                      identityPolicies: identityPolicies, resourcePolicy: trustPolicy))
    }

    // MARK: - The identity / resource / boundary / session core

    private struct CoreResult {
        var allowed: Bool
        var blocked: LayerSet
        var matched: [MatchedStatement]
    }

    private func decideCore(_ request: PreparedRequest, identity: LayerScan, resource: LayerScan?,
                            boundary: LayerScan?, session: LayerScan?) -> CoreResult {
        let principal = request.principal
        let direct = resource?.bestGrant(excludingAccount: true)
        let delegated = resource?.bestGrant(excludingAccount: false)

        // Anonymous callers, service principals and identity providers have no identity policies: only the resource
        // policy grants.
        guard principal.hasIdentityPolicies || principal.kind == .root else {
            guard let direct else { return CoreResult(allowed: false, blocked: LayerSet([.resourcePolicy]), matched: []) }
            return CoreResult(allowed: true, blocked: LayerSet(), matched: [direct.1])
        }
        // The root user holds every permission in its own account but cannot assume a role.
        if principal.kind == .root, request.isTrust {
            return CoreResult(allowed: false, blocked: LayerSet([.identity]), matched: [])
        }

        var identityBlockers = LayerSet()
        if principal.kind != .root, identity.allow == nil { identityBlockers.insert(.identity) }
        if let boundary, boundary.allow == nil { identityBlockers.insert(.permissionsBoundary) }
        if let session, session.allow == nil { identityBlockers.insert(.sessionPolicy) }
        let identityMatched = [identity.allow, boundary?.allow, session?.allow].compactMap { $0 }
        let identityPath = identityBlockers.isEmpty

        // The grant is limited by the boundary unless it names an IAM user or a session, and by the session policy
        // unless it names the session ("Permissions boundaries", "Session policies").
        func directResult(_ grant: (PrincipalMatcher.Grant, MatchedStatement)) -> CoreResult {
            var limiting = LayerSet()
            var matched = [grant.1]
            if grant.0 != .session, grant.0 != .user, let boundary {
                if let allow = boundary.allow { matched.append(allow) } else { limiting.insert(.permissionsBoundary) }
            }
            if grant.0 != .session, let session {
                if let allow = session.allow { matched.append(allow) } else { limiting.insert(.sessionPolicy) }
            }
            return CoreResult(allowed: limiting.isEmpty, blocked: limiting, matched: matched)
        }

        if resource != nil, request.isKMS || request.isTrust {
            // "Key policies in AWS KMS", "Role trust policies": without the resource policy's allow, no IAM policy
            // can grant, even in the same account.
            guard let delegated else {
                var blocked = LayerSet([.resourcePolicy])
                if !request.sameAccount { blocked.formUnion(identityBlockers) }
                return CoreResult(allowed: false, blocked: blocked, matched: identityPath ? identityMatched : [])
            }
            if identityPath { return CoreResult(allowed: true, blocked: LayerSet(), matched: identityMatched + [delegated.1]) }
            if request.sameAccount, let direct { return directResult(direct) }
            // A trust policy that names only the account could also have named the caller itself.
            var blocked = identityBlockers
            if request.isTrust, request.sameAccount, identity.allow == nil { blocked.insert(.resourcePolicy) }
            return CoreResult(allowed: false, blocked: blocked, matched: [delegated.1])
        }

        if request.sameAccount {
            if identityPath { return CoreResult(allowed: true, blocked: LayerSet(), matched: identityMatched) }
            if let direct { return directResult(direct) }
            var blocked = identityBlockers
            if identity.allow == nil, resource != nil { blocked.insert(.resourcePolicy) }
            return CoreResult(allowed: false, blocked: blocked, matched: identityMatched)
        }

        // "Cross-account policy evaluation logic": the resource side must allow (naming the account delegates to the
        // principal's account) and the principal's side must allow.
        var blocked = identityBlockers
        if delegated == nil { blocked.insert(.resourcePolicy) }
        let matched = identityMatched + (delegated.map { [$0.1] } ?? [])
        return CoreResult(allowed: blocked.isEmpty, blocked: blocked, matched: matched)
    }

    // MARK: - Scanning layers

    private func scanAll(_ policies: [PolicyDocument], layer: PolicyLayer, _ request: PreparedRequest,
                         _ denies: inout [MatchedStatement]) -> LayerScan {
        var result = LayerScan()
        for (index, policy) in policies.enumerated() {
            let scan = scan(policy, policy: index, level: nil, layer: layer, request, &denies)
            if result.allow == nil { result.allow = scan.allow }
        }
        return result
    }

    private func scanLevel(_ level: PolicyLevel, layer: PolicyLayer, _ request: PreparedRequest,
                           _ denies: inout [MatchedStatement]) -> LayerScan {
        var result = LayerScan()
        for (index, policy) in level.policies.enumerated() {
            let scan = scan(policy, policy: index, level: level.level, layer: layer, request, &denies)
            if result.allow == nil { result.allow = scan.allow }
        }
        return result
    }

    private func scan(_ policy: PolicyDocument, policy index: Int, level: String?, layer: PolicyLayer,
                      _ request: PreparedRequest, _ denies: inout [MatchedStatement]) -> LayerScan {
        var result = LayerScan()
        let checksPrincipal = layer == .resourcePolicy || layer == .resourceControlPolicies || layer == .endpointPolicy
        for position in policy.actionIndex.candidates(request.service) {
            // The statement is read in place: a copy of it would retain and release each of its arrays.
            guard let grant = policy.statements[position].grant(request, checksPrincipal: checksPrincipal) else {
                continue
            }
            let effect = policy.statements[position].effect
            let entry = MatchedStatement(layer: layer, policy: index, level: level,
                                         sid: policy.statements[position].sid,
                                         index: policy.statements[position].index, effect: effect)
            switch effect {
            case .deny: denies.append(entry)
            case .allow:
                result.record(grant, entry)
            }
        }
        return result
    }
}

/// What one layer said: its first matching `Allow`, and the strongest way a matching `Allow` named the principal
/// (with and without account delegations), each with the first statement that named it so.
private struct LayerScan {
    var allow: MatchedStatement?
    private var strongest: (PrincipalMatcher.Grant, MatchedStatement)?
    private var strongestDirect: (PrincipalMatcher.Grant, MatchedStatement)?

    mutating func record(_ grant: PrincipalMatcher.Grant, _ entry: MatchedStatement) {
        if allow == nil { allow = entry }
        if strongest.map({ grant > $0.0 }) ?? true { strongest = (grant, entry) }
        if grant != .account, strongestDirect.map({ grant > $0.0 }) ?? true { strongestDirect = (grant, entry) }
    }

    /// The strongest grant (a session grant beats a role grant, which beats an account delegation).
    func bestGrant(excludingAccount: Bool) -> (PrincipalMatcher.Grant, MatchedStatement)? {
        excludingAccount ? strongestDirect : strongest
    }
}
