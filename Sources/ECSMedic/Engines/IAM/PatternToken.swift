/// One piece of a compiled pattern: a literal byte, the wildcards `*` and `?`, or a policy variable resolved per request.
enum PatternToken: Sendable, Hashable {
    case literal(UInt8)
    case star
    case question
    /// Boxed, so that a token is a pointer wide and the common cases stay small in pattern arrays.
    indirect case variable(PolicyVariable)
}

/// A policy variable such as `${aws:username}` or `${aws:PrincipalTag/team, 'none'}`.
struct PolicyVariable: Sendable, Hashable {
    /// The context key, lowercased (context keys are case-insensitive).
    let key: String
    /// The text used when the key is absent or multivalued.
    let defaultValue: String?
}
