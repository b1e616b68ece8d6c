/// A condition over the facts themselves (design.md §8.1): a test of the values a path reaches, or `all`, `any`,
/// `not` of conditions. A user can write a rule with it in YAML alone.
public indirect enum FactCondition: Sendable, Equatable {
    /// Holds when the test holds for at least one value the path reaches (`fact:`), or for every one and there is
    /// at least one (`every:`).
    case test(FactPath, FactTest, every: Bool)
    case all([FactCondition])
    case any([FactCondition])
    case not(FactCondition)

    /// Every path the condition reads, in the order written.
    var paths: [FactPath] {
        switch self {
        case .test(let path, _, _): return [path]
        case .all(let conditions), .any(let conditions): return conditions.flatMap(\.paths)
        case .not(let condition): return condition.paths
        }
    }
}

/// What a `fact:` condition asks of one value. Scalars are compared as the model types the member: text, a
/// number or a boolean.
public indirect enum FactTest: Sendable, Equatable {
    case equals(FactScalar)
    case oneOf([FactScalar])
    /// A regular expression (ICU syntax) that must match somewhere in the text.
    case matches(String)
    case exists(Bool)
    case lessThan(Double)
    case greaterThan(Double)
    case not(FactTest)
}

/// A value a condition compares with, typed by the member it is compared with.
public enum FactScalar: Sendable, Equatable {
    case text(String)
    case number(Double)
    case boolean(Bool)

    /// How `{value}` prints it.
    var text: String {
        switch self {
        case .text(let text): return text
        case .number(let number): return number == number.rounded() && abs(number) < 1e15 ? String(Int(number)) : String(number)
        case .boolean(let flag): return flag ? "true" : "false"
        }
    }
}

/// A path into the facts: a root (`taskDefinition`, `subnets[]`) and the members below it as the AWS CLI prints
/// them, `[]` after a list to take each element, a map's key as a member.
public struct FactPath: Sendable, Equatable {
    public struct Step: Sendable, Equatable {
        public var name: String
        public var each: Bool
    }

    public var root: FactRoot
    public var steps: [Step]
    /// As written in the rule.
    public var text: String
}

extension FactCondition {
    /// One line for `rules show`: `any of (taskDefinition.cpu in 256, 512; ...)`.
    var summary: String {
        switch self {
        case .test(let path, let test, let every): return "\(every ? "every " : "")\(path.text) \(test.summary)"
        case .all(let parts): return "all of (\(parts.map(\.summary).joined(separator: "; ")))"
        case .any(let parts): return "any of (\(parts.map(\.summary).joined(separator: "; ")))"
        case .not(let inner): return "not (\(inner.summary))"
        }
    }
}

extension FactTest {
    var summary: String {
        switch self {
        case .equals(let value): return "equals \(value.text)"
        case .oneOf(let values): return "in \(values.map(\.text).joined(separator: ", "))"
        case .matches(let pattern): return "matches \(pattern)"
        case .exists(let flag): return flag ? "exists" : "does not exist"
        case .lessThan(let limit): return "less than \(FactScalar.number(limit).text)"
        case .greaterThan(let limit): return "greater than \(FactScalar.number(limit).text)"
        case .not(let inner): return "not \(inner.summary)"
        }
    }
}
