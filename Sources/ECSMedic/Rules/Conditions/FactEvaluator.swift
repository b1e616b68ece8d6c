import AWSClient
import Foundation

/// What a fact condition found on one resource: the values that made it hold, for the message and evidence.
public struct FactMatch: Sendable, Equatable {
    /// One value a path reached: where (`containerDefinitions[0].image`), what, and in which container.
    public struct Value: Sendable, Equatable {
        /// The path of the condition that reached it, as written.
        public var path: String
        public var location: String
        public var value: JSONValue?
        public var container: String?
        public var source: String

        /// How `{value}` and the evidence print it.
        var text: String {
            switch value {
            case nil, .null?: return "absent"
            case .string(let text)?: return text
            case .number(let number)?: return FactScalar.number(number).text
            case .bool(let flag)?: return flag ? "true" : "false"
            case let other?: return other.jsonText
            }
        }
    }

    /// The resource the finding is about: the element of the list the condition iterates, else its first fact.
    public var resource: String
    public var values: [Value]

    /// The values of the last condition that matched (in the order written): what the rule tests, after the
    /// conditions that only say where it applies (`requiresCompatibilities[] equals FARGATE`).
    var tested: [Value] {
        values.filter { $0.path == values.last?.path }
    }

    /// `{value}`: the tested values, each once.
    var valueText: String {
        tested.map(\.text).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }.joined(separator: ", ")
    }

    /// `{container}`: the containers the tested values are in.
    var containerText: String {
        tested.compactMap(\.container).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }.joined(separator: ", ")
    }

    /// The task definition member of the first tested value, for SARIF's line (`containerDefinitions[0].image`).
    var taskDefinitionField: String? {
        (tested + values).first { $0.location.hasPrefix("taskDefinition.") }.map { String($0.location.dropFirst("taskDefinition.".count)) }
    }

    var evidence: [Evidence] {
        values.map { Evidence(fact: "\($0.location) is \($0.text)", resource: resource, source: $0.source) }
    }
}

/// Evaluates fact conditions over a diagnosis's facts in the AWS CLI's JSON shapes, in three values: a condition
/// whose facts were not collected is unknown — no finding, and its facts are listed as unverified.
struct FactEvaluator {
    let context: DiagnosisContext

    /// The matches of a condition, one per resource it holds for, and the facts it could not see.
    func evaluate(_ condition: FactCondition) -> (matches: [FactMatch], unverified: [UnverifiedFact]) {
        let roots = condition.paths.map(\.root)
        let listRoot = roots.first { !$0.isSelected }
        let subject = listRoot ?? roots[0]
        var missing: [FactRoot] = []
        var matches: [FactMatch] = []
        let candidates: [JSONValue?]
        if let listRoot {
            if let elements = context.facts.documents.elements(listRoot) { candidates = elements } else {
                missing.append(listRoot)
                candidates = []
            }
        } else {
            candidates = [nil]
        }
        for candidate in candidates {
            var unknown: Set<FactRoot> = []
            let resolve: (FactRoot) -> [JSONValue]? = { root in
                if root == listRoot { return candidate.map { [$0] } }
                guard let documents = selected(root) else {
                    unknown.insert(root)
                    return nil
                }
                return documents
            }
            let (truth, values) = evaluate(condition, resolve)
            missing += unknown.sorted { $0.rawValue < $1.rawValue }.filter { !missing.contains($0) }
            guard truth == true else { continue }
            let document = candidate ?? selected(subject)?.first
            let resource = document.flatMap(subject.id) ?? subject.rawValue
            matches.append(FactMatch(resource: resource, values: values))
        }
        let unverified = missing.map { root in
            let permission = root.operation.permission
            let reason = context.facts.unverified.first { $0.permission == permission }?.reason ?? "not collected"
            return UnverifiedFact(fact: "\(root.isSelected ? "the " + root.rawValue : root.rawValue) (\(root.operation.cliCommand))",
                                  reason: reason, permission: permission)
        }
        return (matches, unverified)
    }

    /// The document of the selected task definition, service or task: none when the diagnosis has no such
    /// resource (a task without a service), nil (unknown) when it has one whose answer is not held.
    private func selected(_ root: FactRoot) -> [JSONValue]? {
        switch root {
        case .taskDefinition:
            guard context.taskDefinition != nil else { return nil }
        case .service:
            guard context.service != nil else { return [] }
        case .task:
            guard context.task != nil else { return [] }
        default:
            return context.facts.documents.elements(root)
        }
        return context.selectedDocuments[root].map { [$0] }
    }

    /// Kleene's three values: nil is unknown. `all` is false when one part is, `any` true when one part is.
    private func evaluate(_ condition: FactCondition, _ resolve: (FactRoot) -> [JSONValue]?) -> (Bool?, [FactMatch.Value]) {
        switch condition {
        case .test(let path, let test, let every):
            guard let documents = resolve(path.root) else { return (nil, []) }
            let reached = Self.values(path, in: documents)
            let passing = reached.filter { Self.holds(test, $0.value) }
            if every { return (!reached.isEmpty && passing.count == reached.count, passing) }
            return (!passing.isEmpty, passing)
        case .all(let conditions):
            var values: [FactMatch.Value] = []
            var result: Bool? = true
            for part in conditions {
                let (truth, found) = evaluate(part, resolve)
                if truth == false { return (false, []) }
                if truth == nil { result = nil }
                values += found
            }
            return (result, result == true ? values : [])
        case .any(let conditions):
            var values: [FactMatch.Value] = []
            var result: Bool? = false
            for part in conditions {
                let (truth, found) = evaluate(part, resolve)
                if truth == true {
                    if result != true { values = [] }
                    result = true
                    values += found
                } else if truth == nil, result == false {
                    result = nil
                }
            }
            return (result, result == true ? values : [])
        case .not(let inner):
            return (evaluate(inner, resolve).0.map(!), [])
        }
    }

    /// Every value a path reaches in the root's documents; a member that is absent is reached as nil (so that
    /// `exists: false` can hold), a list that is absent has no elements.
    static func values(_ path: FactPath, in documents: [JSONValue]) -> [FactMatch.Value] {
        let source = path.root.operation.permission
        let prefix = path.root.isSelected ? path.root.rawValue : ""
        var current: [FactMatch.Value] = documents.map {
            FactMatch.Value(path: path.text, location: prefix, value: $0, container: nil, source: source)
        }
        for step in path.steps {
            var next: [FactMatch.Value] = []
            for item in current {
                let location = item.location.isEmpty ? step.name : item.location + "." + step.name
                let member = item.value?[step.name]
                guard step.each else {
                    next.append(FactMatch.Value(path: path.text, location: location, value: member, container: item.container, source: source))
                    continue
                }
                for (index, element) in (member?.arrayValue ?? []).enumerated() {
                    let container = path.root == .taskDefinition && step.name == "containerDefinitions" && item.container == nil
                        ? element["name"]?.stringValue : item.container
                    next.append(FactMatch.Value(path: path.text, location: "\(location)[\(index)]", value: element, container: container,
                                                source: source))
                }
            }
            current = next
        }
        return current
    }

    static func holds(_ test: FactTest, _ value: JSONValue?) -> Bool {
        switch test {
        case .exists(let wanted):
            return (value != nil && value != .null) == wanted
        case .equals(let scalar):
            return matches(scalar, value)
        case .oneOf(let scalars):
            return scalars.contains { matches($0, value) }
        case .matches(let pattern):
            guard let text = value?.stringValue, let expression = try? NSRegularExpression(pattern: pattern) else { return false }
            return expression.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
        case .lessThan(let limit):
            return value?.numberValue.map { $0 < limit } ?? false
        case .greaterThan(let limit):
            return value?.numberValue.map { $0 > limit } ?? false
        case .not(let inner):
            return !holds(inner, value)
        }
    }

    private static func matches(_ scalar: FactScalar, _ value: JSONValue?) -> Bool {
        switch (scalar, value) {
        case (.text(let text), .string(let actual)?): return text == actual
        case (.number(let number), .number(let actual)?): return number == actual
        case (.number(let number), .string(let actual)?): return Double(actual) == number
        case (.boolean(let flag), .bool(let actual)?): return flag == actual
        default: return false
        }
    }
}
