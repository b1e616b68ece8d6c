import Foundation

/// An expression of the ECS cluster query language (ECS developer guide, "Create expressions to define container
/// instances for Amazon ECS tasks"), in which `memberOf` placement constraints are written:
/// `attribute:ecs.instance-type =~ t2.*`, `ec2InstanceId in ['i-0a1', 'i-0b2']`, `task:group == service:web`,
/// combined with `and`/`&&`, `or`/`||`, `not`/`!` and parentheses. `ClusterQueryParser` reads it; `evaluate`
/// answers it for one container instance, nil when the facts cannot tell.
public indirect enum ClusterQuery: Sendable, Equatable {
    case comparison(Subject, Operator, Argument)
    case and(ClusterQuery, ClusterQuery)
    case or(ClusterQuery, ClusterQuery)
    case not(ClusterQuery)

    /// What an expression tests.
    public enum Subject: Sendable, Hashable, CustomStringConvertible {
        case agentConnected, agentVersion, ec2InstanceId, registeredAt, runningTasksCount
        /// `attribute:<name>`: a container instance attribute (`ecs.instance-type`, a custom one).
        case attribute(String)
        /// `task:group`: the task groups of the tasks the instance runs.
        case taskGroup

        public var description: String {
            switch self {
            case .agentConnected: return "agentConnected"
            case .agentVersion: return "agentVersion"
            case .ec2InstanceId: return "ec2InstanceId"
            case .registeredAt: return "registeredAt"
            case .runningTasksCount: return "runningTasksCount"
            case .attribute(let name): return "attribute:\(name)"
            case .taskGroup: return "task:group"
            }
        }
    }

    /// The comparison operators, each with its symbol and its word (`==` and `equals`).
    public enum Operator: String, Sendable, CaseIterable {
        case equals = "==", notEquals = "!=", greaterThan = ">", greaterThanEqual = ">=", lessThan = "<",
             lessThanEqual = "<=", exists, notExists = "!exists", `in`, notIn = "!in", matches = "=~", notMatches = "!~"

        /// The operator's word form (`not_equals`).
        public var word: String {
            switch self {
            case .equals: return "equals"
            case .notEquals: return "not_equals"
            case .greaterThan: return "greater_than"
            case .greaterThanEqual: return "greater_than_equal"
            case .lessThan: return "less_than"
            case .lessThanEqual: return "less_than_equal"
            case .exists: return "exists"
            case .notExists: return "not_exists"
            case .in: return "in"
            case .notIn: return "not_in"
            case .matches: return "matches"
            case .notMatches: return "not_matches"
            }
        }
    }

    /// The argument: none (`exists`), one literal, or a list (`in`, `not_in`).
    public enum Argument: Sendable, Equatable {
        case none
        case value(String)
        case list([String])
    }

    /// Whether `instance` satisfies the expression; nil when a subject it tests is not in the facts (`task:group`,
    /// which needs the tasks each instance runs) or a comparison cannot be made (an invalid regular expression).
    /// `and`, `or` and `not` follow three-valued logic: false and unknown is false, true or unknown is true.
    public func evaluate(_ instance: ContainerInstance) -> Bool? {
        switch self {
        case .and(let left, let right):
            let (a, b) = (left.evaluate(instance), right.evaluate(instance))
            if a == false || b == false { return false }
            return a == nil || b == nil ? nil : true
        case .or(let left, let right):
            let (a, b) = (left.evaluate(instance), right.evaluate(instance))
            if a == true || b == true { return true }
            return a == nil || b == nil ? nil : false
        case .not(let inner):
            return inner.evaluate(instance).map { !$0 }
        case .comparison(let subject, let op, let argument):
            return Self.compare(subject, op, argument, instance)
        }
    }

    /// The subjects the expression tests, in order of appearance, each once.
    public var subjects: [Subject] {
        var seen: [Subject] = []
        func walk(_ query: ClusterQuery) {
            switch query {
            case .comparison(let subject, _, _): if !seen.contains(subject) { seen.append(subject) }
            case .and(let a, let b), .or(let a, let b): walk(a); walk(b)
            case .not(let inner): walk(inner)
            }
        }
        walk(self)
        return seen
    }

    /// What the instance has for `subject`, as the evidence names it (`t3.small`, `absent`, `unknown`).
    public static func value(of subject: Subject, in instance: ContainerInstance) -> String {
        switch subject {
        case .taskGroup: return "unknown"
        default: return text(of: subject, in: instance) ?? "absent"
        }
    }

    static func text(of subject: Subject, in instance: ContainerInstance) -> String? {
        switch subject {
        case .agentConnected: return instance.agentConnected.map { $0 ? "true" : "false" }
        case .agentVersion: return instance.versionInfo?.agentVersion
        case .ec2InstanceId: return instance.ec2InstanceId
        case .registeredAt: return instance.registeredAt
        case .runningTasksCount: return instance.runningTasksCount.map(String.init)
        case .attribute(let name):
            guard let attribute = instance.attributes?.first(where: { $0.name == name }) else { return nil }
            // An attribute without a value (`ecs.capability.secrets.asm.environment-variables`) exists, empty.
            return attribute.value ?? ""
        case .taskGroup: return nil
        }
    }

    private static func compare(_ subject: Subject, _ op: Operator, _ argument: Argument, _ instance: ContainerInstance) -> Bool? {
        if subject == .taskGroup { return nil }
        let actual = text(of: subject, in: instance)
        switch op {
        case .exists: return actual != nil
        case .notExists: return actual == nil
        default: break
        }
        guard let actual else {
            // An instance without the attribute equals, matches and is in nothing.
            return [.notEquals, .notIn, .notMatches].contains(op)
        }
        switch (op, argument) {
        case (.equals, .value(let value)): return equal(subject, actual, value)
        case (.notEquals, .value(let value)): return !equal(subject, actual, value)
        case (.in, .list(let values)): return values.contains { equal(subject, actual, $0) }
        case (.notIn, .list(let values)): return !values.contains { equal(subject, actual, $0) }
        case (.matches, .value(let pattern)): return fullMatch(pattern, actual)
        case (.notMatches, .value(let pattern)): return fullMatch(pattern, actual).map { !$0 }
        case (.greaterThan, .value(let value)): return order(subject, actual, value).map { $0 > 0 }
        case (.greaterThanEqual, .value(let value)): return order(subject, actual, value).map { $0 >= 0 }
        case (.lessThan, .value(let value)): return order(subject, actual, value).map { $0 < 0 }
        case (.lessThanEqual, .value(let value)): return order(subject, actual, value).map { $0 <= 0 }
        default: return nil
        }
    }

    private static func equal(_ subject: Subject, _ actual: String, _ value: String) -> Bool {
        switch subject {
        case .agentConnected: return actual == value.lowercased()
        case .registeredAt, .runningTasksCount, .agentVersion: return order(subject, actual, value) == 0
        default: return actual == value
        }
    }

    /// The sign of `actual - value`: dates for `registeredAt`, dotted versions for `agentVersion`, numbers when
    /// both are numbers, else the strings' order.
    private static func order(_ subject: Subject, _ actual: String, _ value: String) -> Int? {
        switch subject {
        case .registeredAt:
            guard let a = date(actual), let b = date(value) else { return nil }
            return a == b ? 0 : (a < b ? -1 : 1)
        case .agentVersion:
            let a = actual.split(separator: ".").map { Int($0) ?? 0 }, b = value.split(separator: ".").map { Int($0) ?? 0 }
            for index in 0..<max(a.count, b.count) {
                let x = index < a.count ? a[index] : 0, y = index < b.count ? b[index] : 0
                if x != y { return x < y ? -1 : 1 }
            }
            return 0
        default:
            if let a = Double(actual), let b = Double(value) { return a == b ? 0 : (a < b ? -1 : 1) }
            return actual == value ? 0 : (actual < value ? -1 : 1)
        }
    }

    /// A date in the forms the language accepts (`2018-06-18T22:28:28+00:00`, `...Z`, without a zone (UTC),
    /// `2018-06-18`) or as the AWS CLI prints `registeredAt` (with fractional seconds).
    static func date(_ text: String) -> Date? {
        let full = ISO8601DateFormatter()
        full.formatOptions = [.withInternetDateTime]
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = full.date(from: text) ?? fractional.date(from: text) { return date }
        if let date = full.date(from: text + "Z") ?? fractional.date(from: text + "Z") { return date }
        let day = ISO8601DateFormatter()
        day.formatOptions = [.withFullDate]
        return day.date(from: text)
    }

    /// Java's `Pattern.matches`: the whole value must match. Nil for a pattern that does not compile.
    private static func fullMatch(_ pattern: String, _ value: String) -> Bool? {
        guard let regex = try? NSRegularExpression(pattern: "^(?:\(pattern))$") else { return nil }
        return regex.firstMatch(in: value, range: NSRange(value.startIndex..., in: value)) != nil
    }
}
