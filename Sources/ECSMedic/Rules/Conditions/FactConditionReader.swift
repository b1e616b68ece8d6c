import AWSClient
import Foundation
import Yams

/// Reads a fact condition (design.md §8.1) from a rule file, checking each path against the AWS model of the
/// answer it reads and each operator against the type of the member it tests. Errors name the file, the line and
/// the key (`when.any[1].fact`).
struct FactConditionReader {
    static let combinators = ["all", "any", "not"]
    static let operators = ["equals", "in", "matches", "exists", "lessThan", "greaterThan", "not"]

    let reader: NodeReader

    /// Whether a `when` mapping is a fact condition rather than one of the engine verdict conditions.
    static func isFactCondition(_ keys: [String]) -> Bool {
        keys.contains("fact") || keys.contains("every") || (keys.count == 1 && combinators.contains(keys[0]))
    }

    func condition(_ node: Node, at key: String) throws -> FactCondition {
        let fields = try reader.mapping(node, key)
        if fields["fact"] != nil || fields["every"] != nil {
            guard fields["fact"] == nil || fields["every"] == nil else {
                throw reader.error(node, "\(key): a condition takes \"fact\" or \"every\", not both")
            }
            let pathKey = fields["fact"] != nil ? "fact" : "every"
            let (path, shape) = try self.path(fields[pathKey]!, at: "\(key).\(pathKey)")
            let rest = fields.filter { $0.key != pathKey }
            return .test(path, try test(rest, node: node, shape: shape, path: path, at: key), every: pathKey == "every")
        }
        guard fields.count == 1, let (name, body) = fields.first, Self.combinators.contains(name) else {
            let unknown = fields.keys.sorted().first { !Self.combinators.contains($0) } ?? fields.keys.sorted().joined(separator: ", ")
            throw reader.error(node, "\(key): unknown condition \"\(unknown)\" (a fact condition is one of fact, every, all, any, not)")
        }
        switch name {
        case "not":
            return .not(try condition(body, at: "\(key).not"))
        default:
            guard case .sequence(let items) = body, !items.isEmpty else {
                throw reader.error(body, "\(key).\(name) must be a list of conditions")
            }
            let conditions = try items.enumerated().map { try condition($1, at: "\(key).\(name)[\($0)]") }
            return name == "all" ? .all(conditions) : .any(conditions)
        }
    }

    /// One operator applied to the member `path` reaches (of type `shape`).
    private func test(_ fields: [String: Node], node: Node, shape: ResponseShape, path: FactPath, at key: String) throws -> FactTest {
        guard fields.count == 1, let (name, value) = fields.first else {
            let given = fields.keys.sorted()
            throw reader.error(node, "\(key): \(path.text) needs exactly one operator (\(Self.operators.joined(separator: ", ")))"
                               + (given.isEmpty ? "" : ", not \(given.joined(separator: " and "))"))
        }
        let at = "\(key).\(name)"
        switch name {
        case "equals":
            return .equals(try scalar(value, shape: shape, path: path, at: at))
        case "in":
            guard case .sequence(let items) = value, !items.isEmpty else { throw reader.error(value, "\(at) must be a list of values") }
            return .oneOf(try items.map { try scalar($0, shape: shape, path: path, at: at) })
        case "matches":
            guard [.string, .timestamp].contains(shape.kind) else {
                throw reader.error(value, "\(at): \(path.text) is \(Self.describe(shape.kind)), and matches needs text")
            }
            let pattern = try reader.string(value, at)
            guard (try? NSRegularExpression(pattern: pattern)) != nil else {
                throw reader.error(value, "\(at): \"\(pattern)\" is not a regular expression")
            }
            return .matches(pattern)
        case "exists":
            return .exists(try reader.bool(value, at))
        case "lessThan", "greaterThan":
            guard shape.kind == .number else {
                throw reader.error(value, "\(at): \(path.text) is \(Self.describe(shape.kind)), and \(name) needs a number")
            }
            guard case .scalar(let scalar) = value, let number = Double(scalar.string) else {
                throw reader.error(value, "\(at) must be a number")
            }
            return name == "lessThan" ? .lessThan(number) : .greaterThan(number)
        case "not":
            return .not(try test(try reader.mapping(value, at), node: value, shape: shape, path: path, at: at))
        default:
            throw reader.error(node, "\(key): unknown operator \"\(name)\" (operators: \(Self.operators.joined(separator: ", ")))")
        }
    }

    /// A YAML scalar as the type of the member it is compared with.
    private func scalar(_ node: Node, shape: ResponseShape, path: FactPath, at key: String) throws -> FactScalar {
        guard case .scalar(let scalar) = node else { throw reader.error(node, "\(key) must be a value, not a list or mapping") }
        switch shape.kind {
        case .string, .timestamp, .blob:
            return .text(scalar.string)
        case .number:
            guard let number = Double(scalar.string) else {
                throw reader.error(node, "\(key): \(path.text) is a number, not \"\(scalar.string)\"")
            }
            return .number(number)
        case .boolean:
            guard let flag = node.bool else { throw reader.error(node, "\(key): \(path.text) is true or false, not \"\(scalar.string)\"") }
            return .boolean(flag)
        case .structure, .list, .map:
            throw reader.error(node, "\(key): \(path.text) is \(Self.describe(shape.kind)): compare one of its members, or use exists")
        }
    }

    /// A path checked against the model of the answer its root comes from: each member as the AWS CLI prints it,
    /// `[]` after every list it goes through, a map's key as a member.
    func path(_ node: Node, at key: String) throws -> (FactPath, ResponseShape) {
        let text = try reader.string(node, key)
        var tokens = text.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        let first = tokens.removeFirst()
        let rootName = first.hasSuffix("[]") ? String(first.dropLast(2)) : first
        guard let root = FactRoot(rawValue: rootName) else {
            throw reader.error(node, "\(key): unknown fact \"\(rootName)\" in \(text) (facts: \(FactRoot.allCases.map { $0.isSelected ? $0.rawValue : $0.rawValue + "[]" }.joined(separator: ", ")))")
        }
        guard first.hasSuffix("[]") != root.isSelected else {
            throw reader.error(node, root.isSelected
                ? "\(key): \(rootName) is the one the diagnosis selected, not a list: write \(rootName) without []"
                : "\(key): \(rootName) is a list: write \(rootName)[]")
        }
        guard var shape = root.shape else { throw reader.error(node, "\(key): no AWS model for \(rootName)") }
        var steps: [FactPath.Step] = []
        var walked = first
        for token in tokens {
            let each = token.hasSuffix("[]")
            let name = each ? String(token.dropLast(2)) : token
            guard !name.isEmpty else { throw reader.error(node, "\(key): empty member in \(text)") }
            switch shape.kind {
            case .map:
                shape = try shape.element.orThrow(reader.error(node, "\(key): no AWS model for \(walked)"))
            case .structure:
                guard let member = shape.member(name) else {
                    throw reader.error(node, "\(key): unknown key \"\(name)\" under \(walked) (keys: \(shape.memberNames.joined(separator: ", ")))")
                }
                shape = member
            case .list:
                throw reader.error(node, "\(key): \(walked) is a list: write \(walked)[] to take its elements")
            default:
                throw reader.error(node, "\(key): \(walked) is \(Self.describe(shape.kind)) and has no key \"\(name)\"")
            }
            walked += "." + token
            if each {
                guard shape.kind == .list, let element = shape.element else {
                    throw reader.error(node, "\(key): \(walked.dropLast(2)) is \(Self.describe(shape.kind)), not a list: write it without []")
                }
                shape = element
            }
            steps.append(FactPath.Step(name: name, each: each))
        }
        return (FactPath(root: root, steps: steps, text: text), shape)
    }

    static func describe(_ kind: ResponseShape.Kind) -> String {
        switch kind {
        case .structure: return "an object"
        case .list: return "a list"
        case .map: return "a map"
        case .string: return "text"
        case .number: return "a number"
        case .boolean: return "true or false"
        case .timestamp: return "a timestamp"
        case .blob: return "binary data"
        }
    }
}

private extension Optional {
    func orThrow(_ error: @autoclosure () -> any Error) throws -> Wrapped {
        guard let self else { throw error() }
        return self
    }
}
