import AWSClient

/// Decides, through the IAM evaluator, whether a role may make each agent call: identity policies (inline and
/// managed default versions), permissions boundary, the secret's resource policy or the key policy, and the VPC
/// endpoint policy of the endpoint the call goes through. A policy it could not read makes a denial unknown.
struct PermissionEngine {
    let facts: Facts
    let cache: PolicyCache
    let evaluator = PolicyEvaluator()

    func verdict(_ role: PermissionVerdict.Role, roleArn: String, call: AgentCall, endpoint: VPCEndpoint?) -> PermissionVerdict {
        var unverified: [UnverifiedFact] = []
        var names: [PolicyLayer: [String]] = [:]
        let identity = identityPolicies(of: roleArn, &unverified)
        names[.identity] = identity.map(\.name)
        let boundary = self.boundary(of: roleArn, &unverified)
        if let boundary { names[.permissionsBoundary] = [boundary.name] }
        let resourcePolicy = self.resourcePolicy(for: call, &unverified)
        if let resourcePolicy { names[.resourcePolicy] = [resourcePolicy.name] }
        var endpointPolicy: PolicyDocument?
        var context = call.context
        if let endpoint {
            context["aws:SourceVpce"] = [endpoint.vpcEndpointId]
            if let vpc = endpoint.vpcId { context["aws:SourceVpc"] = [vpc] }
            if let text = endpoint.policyDocument {
                endpointPolicy = parse(.string(text), name: "endpoint policy of \(endpoint.vpcEndpointId)", &unverified)
                if let endpointPolicy { names[.endpointPolicy] = [endpointPolicy.name] }
            }
        }
        context["aws:PrincipalArn"] = [roleArn]
        if let account = ARN(roleArn)?.account { context["aws:PrincipalAccount"] = [account] }
        var request = AuthorizationRequest(principal: roleArn, action: call.action, resource: call.resource, context: context,
                                           identityPolicies: identity, resourcePolicy: resourcePolicy,
                                           permissionsBoundary: boundary, endpointPolicy: endpointPolicy)
        applyOrganization(to: &request, names: &names, &unverified)
        let decision = evaluator.evaluate(request)
        // A policy that could not be read might have allowed (or denied): only an allow that no missing policy
        // could have granted stands; a denial with missing policies is unknown.
        let known = unverified.isEmpty || decision.isAllowed
        return PermissionVerdict(role: role, roleArn: roleArn, call: call, decision: known ? decision : nil,
                                 unverified: unverified, policyNames: names, allowedForTaskRole: nil,
                                 endpointId: endpoint?.vpcEndpointId)
    }

    /// A call whose only policy is the VPC endpoint's (a pre-signed download through a gateway endpoint): made by a
    /// principal outside the account, with an identity layer that allows everything.
    func endpointOnlyVerdict(_ call: AgentCall, endpoint: VPCEndpoint) -> PermissionVerdict {
        var unverified: [UnverifiedFact] = []
        let principal = "arn:aws:sts::000000000000:assumed-role/presigned-url-signer/ecs-medic"
        let everything = parse(.object(["Version": .string("2012-10-17"), "Statement": .array([.object([
            "Effect": .string("Allow"), "Action": .string("*"), "Resource": .string("*")])])]),
            name: "pre-signed URL", &unverified)
        let policy = endpoint.policyDocument.flatMap { parse(.string($0), name: "endpoint policy of \(endpoint.vpcEndpointId)", &unverified) }
        var context = call.context
        context["aws:SourceVpce"] = [endpoint.vpcEndpointId]
        if let vpc = endpoint.vpcId { context["aws:SourceVpc"] = [vpc] }
        let request = AuthorizationRequest(principal: principal, action: call.action, resource: call.resource, context: context,
                                           identityPolicies: everything.map { [$0] } ?? [], endpointPolicy: policy)
        let decision = evaluator.evaluate(request)
        return PermissionVerdict(role: .execution, roleArn: principal, call: call,
                                 decision: unverified.isEmpty ? decision : nil, unverified: unverified,
                                 policyNames: policy.map { [.endpointPolicy: [$0.name]] } ?? [:], allowedForTaskRole: nil,
                                 endpointId: endpoint.vpcEndpointId)
    }

    /// Would the call be allowed with one more identity policy (a proposed fix)?
    func isAllowed(_ roleArn: String, call: AgentCall, endpoint: VPCEndpoint?, adding extra: PolicyDocument) -> Bool {
        var unverified: [UnverifiedFact] = []
        var context = call.context
        if let endpoint {
            context["aws:SourceVpce"] = [endpoint.vpcEndpointId]
            if let vpc = endpoint.vpcId { context["aws:SourceVpc"] = [vpc] }
        }
        context["aws:PrincipalArn"] = [roleArn]
        let endpointPolicy = endpoint?.policyDocument.flatMap { parse(.string($0), name: "endpoint", &unverified) }
        var request = AuthorizationRequest(principal: roleArn, action: call.action, resource: call.resource, context: context,
                                           identityPolicies: identityPolicies(of: roleArn, &unverified) + [extra],
                                           resourcePolicy: resourcePolicy(for: call, &unverified),
                                           permissionsBoundary: boundary(of: roleArn, &unverified), endpointPolicy: endpointPolicy)
        var names: [PolicyLayer: [String]] = [:]
        applyOrganization(to: &request, names: &names, &unverified)
        return evaluator.evaluate(request).isAllowed
    }

    /// Whether the role trusts `ecs-tasks.amazonaws.com`, with the context ECS sends when it assumes a task's role
    /// (`aws:SourceAccount`, `aws:SourceArn`), so that confused-deputy conditions recommended by AWS hold.
    func trust(_ role: PermissionVerdict.Role, roleArn: String, account: String, source: String?) -> TrustVerdict {
        guard let document = facts.iam.role(arn: roleArn)?.assumeRolePolicyDocument else {
            return TrustVerdict(role: role, roleArn: roleArn, trusted: nil)
        }
        var unverified: [UnverifiedFact] = []
        guard let policy = parse(document, name: "trust policy of \(roleArn)", &unverified) else {
            return TrustVerdict(role: role, roleArn: roleArn, trusted: nil)
        }
        var context: [String: [String]] = [:]
        if !account.isEmpty { context["aws:SourceAccount"] = [account] }
        if let source { context["aws:SourceArn"] = [source] }
        let decision = evaluator.mayAssume(role: roleArn, trustPolicy: policy, principal: "ecs-tasks.amazonaws.com", context: context)
        return TrustVerdict(role: role, roleArn: roleArn, trusted: decision.isAllowed)
    }

    /// The role's inline policies and its attached managed policies' default versions.
    func identityPolicies(of roleArn: String, _ unverified: inout [UnverifiedFact]) -> [PolicyDocument] {
        let roleName = Self.roleName(roleArn)
        var documents: [PolicyDocument] = []
        if let names = facts.iam.inlinePolicyNames[roleName] {
            for name in names {
                guard let document = facts.iam.inlinePolicies[roleName]?[name] else {
                    unverified.append(UnverifiedFact(fact: "inline policy \(name) of role \(roleName)", reason: "not collected",
                                                     permission: "iam:GetRolePolicy"))
                    continue
                }
                if let policy = parse(document, name: "inline policy \(name) of \(roleName)", &unverified) { documents.append(policy) }
            }
        } else {
            unverified.append(UnverifiedFact(fact: "inline policies of role \(roleName)", reason: "not collected",
                                             permission: "iam:ListRolePolicies"))
        }
        if let attached = facts.iam.attachedPolicies[roleName] {
            for policy in attached {
                guard let document = facts.iam.document(ofManagedPolicy: policy.policyArn) else {
                    unverified.append(UnverifiedFact(fact: "default version of \(policy.policyArn)", reason: "not collected",
                                                     permission: "iam:GetPolicyVersion"))
                    continue
                }
                if let parsed = parse(document, name: policy.policyArn, &unverified) { documents.append(parsed) }
            }
        } else {
            unverified.append(UnverifiedFact(fact: "managed policies attached to role \(roleName)", reason: "not collected",
                                             permission: "iam:ListAttachedRolePolicies"))
        }
        return documents
    }

    /// The organization's SCPs (and, for a resource of the same account, its RCPs), level by level from the root,
    /// when they were collected (`Facts.organization`); the request's SCP/RCP layers stay empty otherwise.
    private func applyOrganization(to request: inout AuthorizationRequest, names: inout [PolicyLayer: [String]],
                                   _ unverified: inout [UnverifiedFact]) {
        guard let organization = facts.organization, organization.unverified == nil, !organization.path.isEmpty else { return }
        func levels(_ layer: PolicyLayer) -> [PolicyLevel] {
            organization.levels(layer).map { level in
                PolicyLevel(level: level.target, policies: level.policies.compactMap { policy in
                    parse(.string(policy.content), name: "\(layer == .resourceControlPolicies ? "RCP" : "SCP") \(policy.name) (\(policy.id)) at \(level.target)", &unverified)
                })
            }
        }
        request.managementAccount = organization.managementAccount
        request.serviceControlPolicies = levels(.serviceControlPolicies)
        names[.serviceControlPolicies] = organization.levels(.serviceControlPolicies).flatMap { level in level.policies.map { "\($0.name) at \(level.target)" } }
        let account = ARN(request.principal ?? "")?.account
        let resourceAccount = ARN(request.resource)?.account
        if resourceAccount == nil || resourceAccount == "" || resourceAccount == account {
            request.resourceControlPolicies = levels(.resourceControlPolicies)
            names[.resourceControlPolicies] = organization.levels(.resourceControlPolicies).flatMap { level in level.policies.map { "\($0.name) at \(level.target)" } }
        }
    }

    private func boundary(of roleArn: String, _ unverified: inout [UnverifiedFact]) -> PolicyDocument? {
        guard let role = facts.iam.role(arn: roleArn) else {
            unverified.append(UnverifiedFact(fact: "role \(Self.roleName(roleArn)) (its permissions boundary)", reason: "not collected",
                                             permission: "iam:GetRole"))
            return nil
        }
        guard let arn = role.permissionsBoundary?.permissionsBoundaryArn else { return nil }
        guard let document = facts.iam.document(ofManagedPolicy: arn) else {
            unverified.append(UnverifiedFact(fact: "permissions boundary \(arn)", reason: "not collected",
                                             permission: "iam:GetPolicyVersion"))
            return nil
        }
        return parse(document, name: "permissions boundary \(arn)", &unverified)
    }

    /// The secret's resource policy for Secrets Manager calls, the key policy for KMS calls.
    private func resourcePolicy(for call: AgentCall, _ unverified: inout [UnverifiedFact]) -> PolicyDocument? {
        switch call.action {
        case "secretsmanager:GetSecretValue":
            guard let entry = facts.iam.secretPolicies[call.resource] else {
                unverified.append(UnverifiedFact(fact: "resource policy of \(call.resource)", reason: "not collected",
                                                 permission: "secretsmanager:GetResourcePolicy"))
                return nil
            }
            return entry.flatMap { parse($0, name: "resource policy of \(call.resource)", &unverified) }
        case "kms:Decrypt":
            guard let key = facts.iam.key(call.resource), let policy = facts.iam.keyPolicy(of: key) else {
                unverified.append(UnverifiedFact(fact: "key policy of \(call.resource)", reason: "not collected",
                                                 permission: "kms:GetKeyPolicy"))
                return nil
            }
            return parse(policy, name: "key policy of \(key.keyId)", &unverified)
        default:
            return nil
        }
    }

    private func parse(_ value: JSONValue, name: String, _ unverified: inout [UnverifiedFact]) -> PolicyDocument? {
        if SnapshotRedactor.isRedacted(value) {
            unverified.append(UnverifiedFact(fact: name, reason: "redacted"))
            return nil
        }
        do {
            return try cache.document(value, name: name)
        } catch {
            unverified.append(UnverifiedFact(fact: name, reason: "unreadable policy: \(error.description)"))
            return nil
        }
    }

    static func roleName(_ arn: String) -> String {
        arn.split(separator: "/").last.map(String.init) ?? arn
    }
}
