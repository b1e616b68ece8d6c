/// A compiled policy statement: lower-cased action patterns, pre-split ARN patterns, parsed conditions.
public struct PolicyStatement: Sendable, Hashable {
    public enum Effect: String, Sendable, Hashable {
        case allow = "Allow", deny = "Deny"
    }

    public let sid: String?
    /// The statement's position in its policy, from 0.
    public let index: Int
    public let effect: Effect
    let actions: [GlobPattern]
    let actionsNegated: Bool
    /// nil when the statement has neither `Resource` nor `NotResource` (trust policies).
    let resources: [ARNPattern]?
    let resourcesNegated: Bool
    /// nil when the statement has neither `Principal` nor `NotPrincipal`.
    let principal: PrincipalMatcher?
    let conditions: [ConditionClause]

    /// The `Action` (or `NotAction`) values as written.
    public let actionTexts: [String]
    /// The `Resource` (or `NotResource`) values as written; nil when the statement has neither.
    public let resourceTexts: [String]?

    /// The `Action` (or `NotAction`) patterns as written, lower-cased.
    public var actionPatterns: [String] { actionTexts.map { $0.lowercased() } }
    public var isNotAction: Bool { actionsNegated }
    public var isNotResource: Bool { resourcesNegated }
    /// The condition keys the statement tests, as written.
    public var conditionKeys: [String] { conditions.map(\.key) }

    /// How the statement applies to `request`, or nil when it does not: its action, resource and conditions match
    /// and, in a layer that checks principals, it names the principal (the way it names it is the grant; a
    /// resource-side statement without `Principal` or `NotPrincipal` applies to nobody). Other layers grant `.anyone`.
    func grant(_ request: PreparedRequest, checksPrincipal: Bool) -> PrincipalMatcher.Grant? {
        guard matchesAction(request.action), matchesResource(request.resource, context: request.context) else {
            return nil
        }
        var grant = PrincipalMatcher.Grant.anyone
        if checksPrincipal {
            guard let found = principal?.grant(for: request.principal) else { return nil }
            grant = found
        }
        return matchesConditions(request.context) ? grant : nil
    }

    func matchesAction(_ action: [UInt8]) -> Bool {
        let any = actions.contains { GlobPattern.match($0.tokens, action) }
        return actionsNegated ? !any : any
    }

    /// Whether the statement covers the request's resource. When the request names a pattern (every resource it
    /// matches), an `Allow` must cover all of them and a `Deny` applies when it touches any.
    func matchesResource(_ resource: ARNValue, context: RequestContext) -> Bool {
        guard let resources else { return true }
        let relation: ARNPattern.Relation = (effect == .allow) != resourcesNegated ? .covers : .intersects
        var any = false
        for pattern in resources where pattern.matches(resource, context: context, relation: relation) == true {
            any = true
            break
        }
        return resourcesNegated ? !any : any
    }

    func matchesConditions(_ context: RequestContext) -> Bool {
        conditions.allSatisfy { $0.evaluate(context) }
    }
}
