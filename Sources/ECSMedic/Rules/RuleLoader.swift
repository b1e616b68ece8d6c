import Foundation
import Yams

/// Reads rule files (`rules/*.yaml`), rejecting unknown fields and bad values with the file and line.
public struct RuleLoader: Sendable {
    static let fields: Set<String> = [
        "id", "title", "severity", "category", "explains", "rationale", "when", "message", "fixes", "examples", "overrides",
    ]
    static let requiredFields = ["id", "title", "severity", "category", "rationale", "when", "message"]

    public init() {}

    /// The built-in rules shipped inside the binary.
    public func builtinRules() throws -> [Rule] {
        try BuiltinResources.files(under: "rules")
            .filter { $0.path.hasSuffix(".yaml") }
            .map { try rule(fromYAML: $0.text, file: $0.path, builtin: true) }
    }

    /// Every `*.yaml` rule in a folder.
    public func rules(inFolder folder: String) throws -> [Rule] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else {
            throw InputError("\(folder): no such rules folder")
        }
        return try names.filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted().map { name in
            let path = (folder as NSString).appendingPathComponent(name)
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                throw InputError("\(path): cannot read the file")
            }
            return try rule(fromYAML: text, file: path, builtin: false)
        }
    }

    /// One rule file; a built-in rule must have examples, a user rule may leave them out (design.md §8.1).
    public func rule(fromYAML text: String, file: String, builtin: Bool = true) throws -> Rule {
        try YAMLExpansion.check(text, file: file)
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: text) else { throw InputError("\(file): empty rule file") }
            root = node
        } catch let error as InputError {
            throw error
        } catch let error as YamlError {
            throw InputError("\(file): malformed YAML: \(Self.describe(error))")
        } catch {
            throw InputError("\(file): malformed YAML")
        }
        let reader = NodeReader(file: file)
        let fields = try reader.mapping(root, "the rule")
        for (key, node) in fields where !Self.fields.contains(key) {
            throw reader.error(node, "unknown field \"\(key)\" (fields: \(Self.fields.sorted().joined(separator: ", ")))")
        }
        for key in Self.requiredFields + (builtin ? ["examples"] : []) where fields[key] == nil {
            throw InputError("\(file): missing field \"\(key)\"")
        }
        let id = try reader.string(fields["id"]!, "id")
        guard id.range(of: "^[a-z0-9]+(-[a-z0-9]+)*$", options: .regularExpression) != nil else {
            throw reader.error(fields["id"]!, "id \"\(id)\" must be lower-case words joined by hyphens")
        }
        let severityText = try reader.string(fields["severity"]!, "severity")
        guard let severity = Severity(rawValue: severityText) else {
            throw reader.error(fields["severity"]!, "severity \"\(severityText)\" must be error, warning or note")
        }
        let rule = Rule(
            id: id,
            title: try reader.string(fields["title"]!, "title"),
            severity: severity,
            category: try reader.string(fields["category"]!, "category"),
            explains: try fields["explains"].map { try explains($0, reader) } ?? [],
            rationale: try reader.string(fields["rationale"]!, "rationale"),
            condition: try condition(fields["when"]!, reader),
            message: try reader.string(fields["message"]!, "message"),
            fixes: try fields["fixes"].map { try reader.strings($0, "fixes") } ?? [],
            examples: try fields["examples"].map { try examples($0, reader) } ?? [],
            overrides: try fields["overrides"].map { try reader.string($0, "overrides") },
            file: file)
        for placeholder in Self.placeholders(in: rule.message) where !MessageTemplate.placeholders.contains(placeholder) {
            throw reader.error(fields["message"]!, "unknown placeholder {\(placeholder)} (placeholders: \(MessageTemplate.placeholders.sorted().joined(separator: ", ")))")
        }
        for fix in rule.fixes where !FixCatalog.ids.contains(fix) {
            throw reader.error(fields["fixes"]!, "unknown fix \"\(fix)\" (fixes: \(FixCatalog.ids.sorted().joined(separator: ", ")))")
        }
        return rule
    }

    private func condition(_ node: Node, _ reader: NodeReader) throws -> RuleCondition {
        let when = try reader.mapping(node, "when")
        if FactConditionReader.isFactCondition(Array(when.keys)) {
            let condition = try FactConditionReader(reader: reader).condition(node, at: "when")
            let lists = Set(condition.paths.map(\.root).filter { !$0.isSelected }).map { $0.rawValue + "[]" }.sorted()
            guard lists.count <= 1 else {
                throw reader.error(node, "when: a fact condition goes through one list of the facts, not \(lists.joined(separator: " and "))")
            }
            return .facts(condition)
        }
        guard when.count == 1, let (kind, body) = when.first else {
            throw reader.error(node, "\"when\" takes exactly one condition (afterStart, overbroad, path, permission, reference, taskDefinition, trust or warning), or a fact condition (fact, every, all, any, not)")
        }
        switch kind {
        case "path":
            let fields = try reader.mapping(body, "when.path")
            for (key, value) in fields where !["to", "outcome", "at"].contains(key) {
                throw reader.error(value, "unknown field \"\(key)\" in when.path (fields: at, outcome, to)")
            }
            guard let to = fields["to"], let at = fields["at"] else {
                throw reader.error(body, "when.path needs \"to\" and \"at\"")
            }
            let needs = try reader.strings(to, "when.path.to")
            for need in needs where !RuleVocabulary.needs.contains(need) {
                throw reader.error(to, "unknown need \"\(need)\" (needs: \(RuleVocabulary.needs.sorted().joined(separator: ", ")))")
            }
            let outcomeText = try fields["outcome"].map { try reader.string($0, "when.path.outcome") } ?? "blocked"
            guard let outcome = PathVerdict.Outcome(rawValue: outcomeText), outcome != .reachable else {
                throw reader.error(fields["outcome"] ?? body, "when.path.outcome must be blocked or unknown")
            }
            let kinds = try reader.strings(at, "when.path.at").map { name in
                guard let kind = PathHop.Kind(rawValue: name) else {
                    throw reader.error(at, "unknown hop \"\(name)\" (hops: \(PathHop.Kind.allCases.map(\.rawValue).joined(separator: ", ")))")
                }
                return kind
            }
            return .path(needs: needs, outcome: outcome, at: kinds)
        case "taskDefinition":
            let name = try reader.string(body, "when.taskDefinition")
            guard let check = TaskDefinitionCheck(rawValue: name) else {
                let names = TaskDefinitionCheck.allCases.map(\.rawValue).joined(separator: ", ")
                throw reader.error(body, "unknown task definition check \"\(name)\" (checks: \(names))")
            }
            return .taskDefinition(check)
        case "permission":
            let fields = try reader.mapping(body, "when.permission")
            for (key, value) in fields where !["role", "layer", "grantedToTaskRole"].contains(key) {
                throw reader.error(value, "unknown field \"\(key)\" in when.permission (fields: grantedToTaskRole, layer, role)")
            }
            guard let roles = fields["role"], let layers = fields["layer"] else {
                throw reader.error(body, "when.permission needs \"role\" and \"layer\"")
            }
            return .permission(roles: try self.roles(roles, reader),
                               layers: try reader.strings(layers, "when.permission.layer").map { name in
                                   guard let layer = PolicyLayer(rawValue: name) else {
                                       throw reader.error(layers, "unknown layer \"\(name)\" (layers: \(PolicyLayer.allCases.map(\.rawValue).joined(separator: ", ")))")
                                   }
                                   return layer
                               },
                               grantedToTaskRole: try fields["grantedToTaskRole"].map { try reader.bool($0, "grantedToTaskRole") })
        case "overbroad":
            let fields = try reader.mapping(body, "when.overbroad")
            for (key, value) in fields where key != "actions" {
                throw reader.error(value, "unknown field \"\(key)\" in when.overbroad (fields: actions)")
            }
            guard let actions = fields["actions"] else { throw reader.error(body, "when.overbroad needs \"actions\"") }
            let names = try reader.strings(actions, "when.overbroad.actions")
            for name in names where !OverbroadGrant.probeActions.contains(name) {
                throw reader.error(actions, "unknown probe action \"\(name)\" (actions: \(OverbroadGrant.probeActions.joined(separator: ", ")))")
            }
            return .overbroad(actions: names)
        case "trust":
            let fields = try reader.mapping(body, "when.trust")
            for (key, value) in fields where key != "role" {
                throw reader.error(value, "unknown field \"\(key)\" in when.trust (fields: role)")
            }
            guard let roles = fields["role"] else { throw reader.error(body, "when.trust needs \"role\"") }
            return .trust(roles: try self.roles(roles, reader))
        case "reference":
            let fields = try reader.mapping(body, "when.reference")
            for (key, value) in fields where key != "problem" {
                throw reader.error(value, "unknown field \"\(key)\" in when.reference (fields: problem)")
            }
            guard let problems = fields["problem"] else { throw reader.error(body, "when.reference needs \"problem\"") }
            return .reference(kinds: try reader.strings(problems, "when.reference.problem").map { name in
                guard let kind = ReferenceProblem.Kind(rawValue: name) else {
                    throw reader.error(problems, "unknown problem \"\(name)\" (problems: malformed, not-found)")
                }
                return kind
            })
        case "afterStart":
            let name = try reader.string(body, "when.afterStart")
            guard let check = AfterStartCheck(rawValue: name) else {
                let names = AfterStartCheck.allCases.map(\.rawValue).joined(separator: ", ")
                throw reader.error(body, "unknown after-start check \"\(name)\" (checks: \(names))")
            }
            return .afterStart(check)
        case "warning":
            let fields = try reader.mapping(body, "when.warning")
            for (key, value) in fields where !["to", "at"].contains(key) {
                throw reader.error(value, "unknown field \"\(key)\" in when.warning (fields: at, to)")
            }
            guard let to = fields["to"], let at = fields["at"] else {
                throw reader.error(body, "when.warning needs \"to\" and \"at\"")
            }
            let needs = try reader.strings(to, "when.warning.to")
            for need in needs where !RuleVocabulary.needs.contains(need) {
                throw reader.error(to, "unknown need \"\(need)\" (needs: \(RuleVocabulary.needs.sorted().joined(separator: ", ")))")
            }
            let kinds = try reader.strings(at, "when.warning.at").map { name in
                guard let kind = PathHop.Kind(rawValue: name) else {
                    throw reader.error(at, "unknown hop \"\(name)\" (hops: \(PathHop.Kind.allCases.map(\.rawValue).joined(separator: ", ")))")
                }
                return kind
            }
            return .warning(needs: needs, at: kinds)
        default:
            throw reader.error(node, "unknown condition \"\(kind)\" (conditions: afterStart, overbroad, path, permission, reference, taskDefinition, trust, warning; fact conditions: fact, every, all, any, not)")
        }
    }

    /// Stopped-reason category ids of design.md §6.
    private func explains(_ node: Node, _ reader: NodeReader) throws -> [String] {
        let ids = try reader.strings(node, "explains")
        for id in ids where !StoppedReasonCatalog.ids.contains(id) {
            throw reader.error(node, "explains: unknown stopped-reason category \"\(id)\" (categories: \(StoppedReasonCatalog.ids.joined(separator: ", ")))")
        }
        return ids
    }

    private func roles(_ node: Node, _ reader: NodeReader) throws -> [PermissionVerdict.Role] {
        try reader.strings(node, "role").map { name in
            guard let role = PermissionVerdict.Role(rawValue: name) else {
                throw reader.error(node, "unknown role \"\(name)\" (roles: execution, task)")
            }
            return role
        }
    }

    private func examples(_ node: Node, _ reader: NodeReader) throws -> [RuleExample] {
        guard case .sequence(let items) = node else { throw reader.error(node, "examples must be a list") }
        let examples = try items.map { item -> RuleExample in
            let fields = try reader.mapping(item, "an example")
            for (key, value) in fields where !["fixture", "fires", "resource", "taskDefinition"].contains(key) {
                throw reader.error(value, "unknown field \"\(key)\" in an example (fields: fires, fixture, resource, taskDefinition)")
            }
            guard let fixture = fields["fixture"], let fires = fields["fires"] else {
                throw reader.error(item, "an example needs \"fixture\" and \"fires\"")
            }
            return RuleExample(fixture: try reader.string(fixture, "fixture"), fires: try reader.bool(fires, "fires"),
                               resource: try fields["resource"].map { try reader.string($0, "resource") },
                               taskDefinition: try fields["taskDefinition"].map { try reader.string($0, "taskDefinition") },
                               line: item.mark?.line ?? 0)
        }
        guard examples.contains(where: \.fires), examples.contains(where: { !$0.fires }) else {
            throw reader.error(node, "a rule needs at least one example that fires and one near miss that does not")
        }
        return examples
    }

    /// The `{name}` placeholders a message template uses.
    static func placeholders(in message: String) -> [String] {
        message.split(separator: "{", omittingEmptySubsequences: false).dropFirst().compactMap { part in
            part.firstIndex(of: "}").map { String(part[..<$0]) }
        }
    }

    /// libyaml's nesting limit (its default, which Yams keeps): deeper documents are a parse error, so that the
    /// recursive composition of nodes stays bounded.
    static let maxYAMLDepth = 1000

    /// A one-line `line:column: problem` for a YAML syntax error.
    static func describe(_ error: YamlError) -> String {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
            let readable = problem.hasPrefix("Maximum nesting level reached") ? "nested deeper than \(maxYAMLDepth) levels" : problem
            return "\(mark.line):\(mark.column): \(readable)"
        default:
            return String(describing: error).split(separator: "\n").first.map(String.init) ?? "unreadable"
        }
    }
}

/// Reads typed values out of YAML nodes, with file:line errors.
struct NodeReader {
    let file: String

    func error(_ node: Node, _ message: String) -> InputError {
        InputError("\(file):\(node.mark.map { "\($0.line):" } ?? "") \(message)")
    }

    func mapping(_ node: Node, _ what: String) throws -> [String: Node] {
        guard case .mapping(let mapping) = node else { throw error(node, "\(what) must be a mapping") }
        var fields: [String: Node] = [:]
        for (key, value) in mapping {
            guard let name = key.string else { throw error(key, "keys of \(what) must be strings") }
            if fields[name] != nil { throw error(key, "field \"\(name)\" appears twice") }
            fields[name] = value
        }
        return fields
    }

    func string(_ node: Node, _ field: String) throws -> String {
        guard case .scalar(let scalar) = node else { throw error(node, "\(field) must be a string") }
        return scalar.string
    }

    func bool(_ node: Node, _ field: String) throws -> Bool {
        guard let value = node.bool else { throw error(node, "\(field) must be true or false") }
        return value
    }

    func strings(_ node: Node, _ field: String) throws -> [String] {
        guard case .sequence(let items) = node else { throw error(node, "\(field) must be a list of strings") }
        return try items.map { try string($0, field) }
    }
}
