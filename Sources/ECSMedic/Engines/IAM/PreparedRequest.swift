/// A request turned into what matching needs: the action lower-cased as bytes, the resource ARN pre-split, the
/// principal parsed, the context completed with the global keys AWS sets itself, and the facts that decide which
/// layers apply.
struct PreparedRequest {
    let action: [UInt8]
    /// The action's service prefix, lower-cased (`secretsmanager`).
    let service: String
    let resource: ARNValue
    let principal: RequestPrincipal
    let context: RequestContext
    let resourceAccount: String?
    let sameAccount: Bool
    /// The resource policy is a KMS key policy, which must allow even in the same account.
    let isKMS: Bool
    /// The resource policy is a role's trust policy (`sts:AssumeRole*` on a role), which must allow even in the same
    /// account.
    let isTrust: Bool
    /// SCPs restrict the principal: an IAM identity of a member account that is not a service-linked role.
    let scpsApply: Bool
    /// RCPs restrict the resource: a service that supports RCPs, a member account's resource that AWS does not manage,
    /// a principal that is not a service-linked role.
    let rcpsApply: Bool
    /// The request would change a resource that AWS manages (nobody may).
    let changesAWSManagedResource: Bool

    /// The STS actions a role's trust policy must allow ("Passing session tags", "Setting a source identity").
    private static let trustActions = ["sts:assumerole", "sts:tagsession", "sts:setsourceidentity"].map { Array($0.utf8) }

    init(_ request: AuthorizationRequest) {
        let action = Self.lowercased(request.action)
        self.action = action
        let colon = action.firstIndex(of: UInt8(ascii: ":")) ?? action.endIndex
        service = String(decoding: action[..<colon], as: UTF8.self)
        resource = ARNValue(request.resource)
        principal = RequestPrincipal(request.principal, serviceLinkedRole: request.serviceLinkedRole)
        let resourceAccount = request.resourceAccount ?? resource.account.flatMap { $0.isEmpty ? nil : $0 }
        self.resourceAccount = resourceAccount
        var context = RequestContext(request.context)
        switch principal.kind {
        case .service:
            context.setDefault("aws:PrincipalServiceName", principal.text)
            context.setDefault("aws:PrincipalIsAWSService", "true")
        case .anonymous, .provider:
            break
        default:
            context.setDefault("aws:PrincipalArn", principal.principalARN)
            if let account = principal.account { context.setDefault("aws:PrincipalAccount", account) }
            context.setDefault("aws:PrincipalIsAWSService", "false")
        }
        if let type = principal.principalType { context.setDefault("aws:PrincipalType", type) }
        if case .user(let name) = principal.kind { context.setDefault("aws:username", name) }
        if let resourceAccount { context.setDefault("aws:ResourceAccount", resourceAccount) }
        self.context = context
        let managed = AWSManagedResource(resource, flagged: request.awsManagedResource)
        // AWS managed policies live in the `aws` account but are read like the caller's own.
        sameAccount = resourceAccount == nil || principal.account == nil || resourceAccount == principal.account
            || managed.kind == .managedPolicy
        let service = self.service
        isKMS = service == "kms" && (resource.service == "kms" || resource.service == nil)
        isTrust = service == "sts" && Self.trustActions.contains { action.starts(with: $0) }
            && resource.service == "iam" && (resource.resource?.hasPrefix("role/") ?? false)
        changesAWSManagedResource = managed.kind != .none
            && managed.refuses(String(decoding: action, as: UTF8.self))
        scpsApply = principal.isAccountIdentity && !principal.isServiceLinkedRole
            && (request.managementAccount == nil || principal.account != request.managementAccount)
        rcpsApply = AWSManagedResource.rcpServices.contains(service) && !principal.isServiceLinkedRole
            && !(managed.kind == .kmsKey && service == "kms")
            && (request.managementAccount == nil || resourceAccount != request.managementAccount)
    }

    /// The action's bytes lower-cased: ASCII in place, anything else (no AWS action has it) through `lowercased()`.
    private static func lowercased(_ text: String) -> [UInt8] {
        var bytes = Array(text.utf8)
        guard bytes.allSatisfy({ $0 < 0x80 }) else { return Array(text.lowercased().utf8) }
        for index in bytes.indices where bytes[index] >= 0x41 && bytes[index] <= 0x5A { bytes[index] |= 0x20 }
        return bytes
    }
}
