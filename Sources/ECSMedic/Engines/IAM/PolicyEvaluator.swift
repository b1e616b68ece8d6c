/// Decides requests the way AWS documents it ("Policy evaluation logic"): an explicit deny in any layer wins; then
/// every present restricting layer (SCP levels, RCP levels, endpoint policy, boundary, session policy) must allow; the
/// identity policies or a same-account resource policy must grant; cross-account access needs both sides; a KMS key
/// policy must allow, directly or by enabling IAM policies through the account principal.
public struct PolicyEvaluator: Sendable {
    public init() {}

    /// Evaluates one request. Never calls AWS.
    public func evaluate(_ request: AuthorizationRequest) -> AuthorizationDecision {
        let prepared = PreparedRequest(request)
        var denies: [MatchedStatement] = []

        let identity = scanAll(request.identityPolicies, layer: .identity, prepared, &denies)
        let resource = request.resourcePolicy.map { scan($0, policy: 0, level: nil, layer: .resourcePolicy, prepared, &denies) }
        let boundary = request.permissionsBoundary.map {
            scan($0, policy: 0, level: nil, layer: .permissionsBoundary, prepared, &denies)
        }
        let scps = request.serviceControlPolicies.map {
            scanLevel($0, layer: .serviceControlPolicies, prepared, &denies)
        }
        let rcps = request.resourceControlPolicies.map {
            scanLevel($0, layer: .resourceControlPolicies, prepared, &denies)
        }
        let session = request.sessionPolicy.map { scan($0, policy: 0, level: nil, layer: .sessionPolicy, prepared, &denies) }
        let endpoint = request.endpointPolicy.map {
            scan($0, policy: 0, level: nil, layer: .endpointPolicy, prepared, &denies)
        }
        if !denies.isEmpty {
            return AuthorizationDecision(decision: .explicitDeny, blockedBy: [], matched: denies)
        }

        var blocked: Set<PolicyLayer> = []
        var matched: [MatchedStatement] = []
        for (layer, levels) in [(PolicyLayer.serviceControlPolicies, scps), (.resourceControlPolicies, rcps)] {
            for level in levels {
                if let allow = level.allow { matched.append(allow) } else { blocked.insert(layer) }
            }
        }
        if let endpoint {
            if let allow = endpoint.allow { matched.append(allow) } else { blocked.insert(.endpointPolicy) }
        }

        let core = decideCore(prepared, identity: identity, resource: resource, boundary: boundary, session: session)
        matched += core.matched
        blocked.formUnion(core.blocked)
        let decision: AuthorizationDecision.Decision = blocked.isEmpty && core.allowed ? .allowed : .implicitDeny
        return AuthorizationDecision(decision: decision, blockedBy: decision == .allowed ? [] : blocked.sorted(),
                                     matched: matched.sorted { ($0.layer, $0.policy, $0.index) < ($1.layer, $1.policy, $1.index) })
    }

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
        var blocked: Set<PolicyLayer>
        var matched: [MatchedStatement]
    }

    private func decideCore(_ request: PreparedRequest, identity: LayerScan, resource: LayerScan?,
                            boundary: LayerScan?, session: LayerScan?) -> CoreResult {
        let principal = request.principal
        var identityBlockers: Set<PolicyLayer> = []
        if identity.allow == nil { identityBlockers.insert(.identity) }
        if let boundary, boundary.allow == nil { identityBlockers.insert(.permissionsBoundary) }
        if let session, session.allow == nil { identityBlockers.insert(.sessionPolicy) }
        let identityMatched = [identity.allow, boundary?.allow, session?.allow].compactMap { $0 }
        let identityPath = identityBlockers.isEmpty

        // The grant is limited by the boundary unless it names an IAM user or an assumed-role session, and by the
        // session policy unless it names the session ("Permissions boundaries", "Session policies").
        func limits(of grant: PrincipalMatcher.Grant) -> Set<PolicyLayer> {
            var result: Set<PolicyLayer> = []
            if grant != .session, !principal.isIAMUser, let boundary, boundary.allow == nil {
                result.insert(.permissionsBoundary)
            }
            if grant != .session, let session, session.allow == nil { result.insert(.sessionPolicy) }
            return result
        }
        func directResult(_ grant: (PrincipalMatcher.Grant, MatchedStatement)) -> CoreResult {
            let limiting = limits(of: grant.0)
            var matched = [grant.1]
            if grant.0 != .session, !principal.isIAMUser, let allow = boundary?.allow { matched.append(allow) }
            if grant.0 != .session, let allow = session?.allow { matched.append(allow) }
            return CoreResult(allowed: limiting.isEmpty, blocked: limiting, matched: matched)
        }

        let direct = resource?.bestGrant(excludingAccount: true)
        let delegated = resource?.bestGrant(excludingAccount: false)

        if request.isKMS, resource != nil {
            // "Key policies in AWS KMS": without the key policy's allow, no IAM policy can grant.
            guard let delegated else {
                var blocked: Set<PolicyLayer> = [.resourcePolicy]
                if !request.sameAccount { blocked.formUnion(identityBlockers) }
                return CoreResult(allowed: false, blocked: blocked, matched: identityPath ? identityMatched : [])
            }
            if identityPath { return CoreResult(allowed: true, blocked: [], matched: identityMatched + [delegated.1]) }
            if request.sameAccount, let direct { return directResult(direct) }
            return CoreResult(allowed: false, blocked: identityBlockers, matched: [delegated.1])
        }

        if request.sameAccount {
            if identityPath { return CoreResult(allowed: true, blocked: [], matched: identityMatched) }
            if let direct { return directResult(direct) }
            var blocked = identityBlockers
            if identity.allow == nil, resource != nil { blocked.insert(.resourcePolicy) }
            // A service principal has no identity policies: only the resource (trust) policy can grant it.
            if principal.kind == .service, resource != nil { blocked = [.resourcePolicy] }
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
        for statement in policy.statements {
            guard statement.matchesAction(request.action),
                  statement.matchesResource(request.resource, context: request.context) else { continue }
            var grant = PrincipalMatcher.Grant.anyone
            if checksPrincipal, let principal = statement.principal {
                guard let found = principal.grant(for: request.principal) else { continue }
                grant = found
            }
            guard statement.matchesConditions(request.context) else { continue }
            let entry = MatchedStatement(layer: layer, policy: index, level: level, sid: statement.sid,
                                         index: statement.index, effect: statement.effect)
            switch statement.effect {
            case .deny: denies.append(entry)
            case .allow:
                if result.allow == nil { result.allow = entry }
                if result.grants[grant] == nil { result.grants[grant] = entry }
            }
        }
        return result
    }
}

/// What one layer said: its first matching `Allow`, and the first `Allow` for each way of naming the principal.
private struct LayerScan {
    var allow: MatchedStatement?
    var grants: [PrincipalMatcher.Grant: MatchedStatement] = [:]

    /// The strongest grant (a session grant beats a role grant, which beats an account delegation).
    func bestGrant(excludingAccount: Bool) -> (PrincipalMatcher.Grant, MatchedStatement)? {
        grants.filter { !excludingAccount || $0.key != .account }.max { $0.key < $1.key }.map { ($0.key, $0.value) }
    }
}
