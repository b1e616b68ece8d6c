/// A request turned into what matching needs: the action lower-cased as bytes, the resource ARN pre-split, the
/// principal parsed, and the context completed with the global keys AWS sets itself.
struct PreparedRequest {
    let action: [UInt8]
    let resource: ARNValue
    let principal: RequestPrincipal
    let context: RequestContext
    let sameAccount: Bool
    let isKMS: Bool

    init(_ request: AuthorizationRequest) {
        action = Array(request.action.lowercased().utf8)
        resource = ARNValue(request.resource)
        principal = RequestPrincipal(request.principal)
        let resourceAccount = request.resourceAccount ?? resource.account.flatMap { $0.isEmpty ? nil : $0 }
        var context = RequestContext(request.context)
        if principal.kind != .service {
            context.setDefault("aws:PrincipalArn", [principal.principalARN])
            if let account = principal.account { context.setDefault("aws:PrincipalAccount", [account]) }
        } else {
            context.setDefault("aws:PrincipalServiceName", [request.principal])
        }
        if case .user(let name) = principal.kind { context.setDefault("aws:username", [name]) }
        if let resourceAccount { context.setDefault("aws:ResourceAccount", [resourceAccount]) }
        self.context = context
        sameAccount = resourceAccount == nil || principal.account == nil || resourceAccount == principal.account
        isKMS = request.action.lowercased().hasPrefix("kms:") && (resource.service == "kms" || resource.service == nil)
    }
}
