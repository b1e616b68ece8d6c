import Foundation

/// One value of a condition, pre-parsed for its operator: the text (with policy variables), its lower-case form,
/// and the number, date, address range or ARN pattern it denotes.
struct ConditionValue: Sendable, Hashable {
    let text: String
    let pattern: GlobPattern
    let lowercased: String
    let number: Double?
    let date: Double?
    let range: IPRange?
    let arn: ARNPattern?

    init(_ text: String, variables: Bool, base: ConditionOperator.Base) {
        self.text = text
        pattern = GlobPattern(text, variables: variables)
        lowercased = text.lowercased()
        number = Double(text)
        date = DateParser.seconds(text)
        range = IPRange(text)
        switch base {
        case .arnEquals, .arnLike, .arnNotEquals, .arnNotLike: arn = ARNPattern(text, variables: variables)
        default: arn = nil
        }
    }

    /// Whether the context value `value` satisfies the positive form of `base` against this policy value.
    func matches(_ value: String, base: ConditionOperator.Base, context: RequestContext) -> Bool {
        switch base {
        case .stringEquals, .stringNotEquals:
            return literal(context).map { $0 == value } ?? false
        case .stringEqualsIgnoreCase, .stringNotEqualsIgnoreCase:
            return literal(context).map { Self.equalIgnoringCase($0, value) } ?? false
        case .stringLike, .stringNotLike:
            return pattern.matches(value, context: context) ?? false
        case .numericEquals, .numericNotEquals, .numericLessThan, .numericLessThanEquals, .numericGreaterThan,
             .numericGreaterThanEquals:
            guard let left = Double(value), let right = resolvedNumber(context, date: false) else { return false }
            return ConditionValue.compare(left, right, base)
        case .dateEquals, .dateNotEquals, .dateLessThan, .dateLessThanEquals, .dateGreaterThan, .dateGreaterThanEquals:
            guard let left = DateParser.seconds(value), let right = resolvedNumber(context, date: true)
            else { return false }
            return ConditionValue.compare(left, right, base)
        case .bool:
            return literal(context).map { Self.equalIgnoringCase($0, value) } ?? false
        case .binaryEquals:
            return text == value
        case .ipAddress, .notIpAddress:
            guard let range, let address = IPRange(value) else { return false }
            return range.contains(address)
        case .arnEquals, .arnLike, .arnNotEquals, .arnNotLike:
            return arn?.matches(ARNValue(value), context: context) ?? false
        case .null:
            return false
        }
    }

    private func literal(_ context: RequestContext) -> String? {
        pattern.hasVariables ? pattern.resolvedText(context) : text
    }

    private func resolvedNumber(_ context: RequestContext, date isDate: Bool) -> Double? {
        if !pattern.hasVariables { return isDate ? date : number }
        guard let text = pattern.resolvedText(context) else { return nil }
        return isDate ? DateParser.seconds(text) : Double(text)
    }

    /// `left.lowercased() == right.lowercased()`, without building either when both are ASCII.
    private static func equalIgnoringCase(_ left: String, _ right: String) -> Bool {
        let a = left.utf8, b = right.utf8
        guard a.allSatisfy({ $0 < 0x80 }), b.allSatisfy({ $0 < 0x80 }) else {
            return left.lowercased() == right.lowercased()
        }
        return a.count == b.count && zip(a, b).allSatisfy { x, y in
            x == y || (x | 0x20 == y | 0x20 && (x | 0x20) >= 0x61 && (x | 0x20) <= 0x7A)
        }
    }

    private static func compare(_ left: Double, _ right: Double, _ base: ConditionOperator.Base) -> Bool {
        switch base {
        case .numericEquals, .numericNotEquals, .dateEquals, .dateNotEquals: left == right
        case .numericLessThan, .dateLessThan: left < right
        case .numericLessThanEquals, .dateLessThanEquals: left <= right
        case .numericGreaterThan, .dateGreaterThan: left > right
        case .numericGreaterThanEquals, .dateGreaterThanEquals: left >= right
        default: false
        }
    }
}
