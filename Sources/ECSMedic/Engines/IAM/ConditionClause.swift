/// One operator–key pair of a `Condition` block with its values: multiple values are ORed; clauses of a statement are
/// ANDed.
struct ConditionClause: Sendable, Hashable {
    let op: ConditionOperator
    /// The key as written (for messages) and lowercased (for look-ups).
    let key: String
    let lowercasedKey: String
    let values: [ConditionValue]

    /// Evaluates the clause against `context` with IAM's rules for missing keys: a negated operator, `IfExists` and
    /// `ForAllValues` match a missing key; `ForAnyValue` and positive operators do not.
    func evaluate(_ context: RequestContext) -> Bool {
        let present = context.values(forLowercasedKey: lowercasedKey).flatMap { $0.isEmpty ? nil : $0 }
        if op.base == .null {
            let absent = present == nil
            return values.contains { $0.lowercased == "true" ? absent : $0.lowercased == "false" ? !absent : false }
        }
        guard let present else {
            if op.ifExists { return true }
            switch op.qualifier {
            case .forAllValues: return true
            case .forAnyValue: return false
            case .none: return op.base.isNegated
            }
        }
        switch op.qualifier {
        case .none, .forAnyValue:
            if op.qualifier == .none, op.base.isNegated { return present.allSatisfy { matchesOne($0, context) } }
            return present.contains { matchesOne($0, context) }
        case .forAllValues:
            return present.allSatisfy { matchesOne($0, context) }
        }
    }

    /// Whether one context value satisfies the operator against the policy's values.
    private func matchesOne(_ value: String, _ context: RequestContext) -> Bool {
        let any = values.contains { $0.matches(value, base: op.base, context: context) }
        return op.base.isNegated ? !any : any
    }
}
