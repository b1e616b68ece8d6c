import Foundation
import Yams

/// Reads the signature catalog's YAML (`signatures:` a list of entries), rejecting unknown fields and bad values with
/// the file, the line and the signature's id.
struct LogSignatureLoader {
    let file: String

    static let fields: Set<String> = ["id", "runtime", "kind", "meaning", "patterns", "lines", "example", "captures",
                                      "nearMiss"]
    static let requiredFields = ["id", "runtime", "kind", "meaning", "patterns", "example", "nearMiss"]
    static let captureFields: Set<String> = LogPattern.groupNames

    func signatures(fromYAML text: String) throws -> [LogSignature] {
        try YAMLExpansion.check(text, file: file)
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: text) else { throw InputError("\(file): empty signature file") }
            root = node
        } catch let error as InputError {
            throw error
        } catch let error as YamlError {
            throw InputError("\(file): malformed YAML: \(RuleLoader.describe(error))")
        } catch {
            throw InputError("\(file): malformed YAML")
        }
        let reader = NodeReader(file: file)
        let top = try reader.mapping(root, "the signature file")
        for (key, node) in top where key != "signatures" {
            throw reader.error(node, "unknown field \"\(key)\" (fields: signatures)")
        }
        guard let list = top["signatures"], case .sequence(let items) = list else {
            throw reader.error(root, "the signature file needs \"signatures\", a list")
        }
        var seen: Set<String> = []
        return try items.map { item in
            let signature = try self.signature(item, reader)
            guard seen.insert(signature.id).inserted else {
                throw reader.error(item, "signature \"\(signature.id)\" appears twice")
            }
            return signature
        }
    }

    private func signature(_ item: Node, _ reader: NodeReader) throws -> LogSignature {
        let fields = try reader.mapping(item, "a signature")
        let id = try fields["id"].map { try reader.string($0, "id") }
        let what = id.map { "signature \"\($0)\"" } ?? "a signature"
        func fail(_ node: Node, _ problem: String) -> InputError { reader.error(node, "\(what): \(problem)") }
        for (key, node) in fields where !Self.fields.contains(key) {
            throw fail(node, "unknown field \"\(key)\" (fields: \(Self.fields.sorted().joined(separator: ", ")))")
        }
        for key in Self.requiredFields where fields[key] == nil {
            throw fail(item, "missing field \"\(key)\"")
        }
        guard let id, id.range(of: "^[a-z0-9]+(-[a-z0-9]+)*$", options: .regularExpression) != nil else {
            throw fail(fields["id"]!, "the id must be lower-case words joined by hyphens")
        }
        let runtime = try reader.string(fields["runtime"]!, "runtime")
        guard LogSignature.runtimes.contains(runtime) else {
            throw fail(fields["runtime"]!, "unknown runtime \"\(runtime)\" (runtimes: \(LogSignature.runtimes.sorted().joined(separator: ", ")))")
        }
        let kindText = try reader.string(fields["kind"]!, "kind")
        guard let kind = LogSignatureKind(rawValue: kindText) else {
            let kinds = LogSignatureKind.allCases.map(\.rawValue).joined(separator: ", ")
            throw fail(fields["kind"]!, "unknown kind \"\(kindText)\" (kinds: \(kinds))")
        }
        let lines = try fields["lines"].map { node -> Int in
            guard let value = node.int, (1...4).contains(value) else { throw fail(node, "lines must be 1, 2, 3 or 4") }
            return value
        } ?? 1
        let patternNode = fields["patterns"]!
        let patterns = try textLines(patternNode, "patterns", fail).map(LogPattern.expand)
        var declared: Set<String> = []
        for pattern in patterns {
            for group in LogPattern.declaredGroups(pattern) {
                guard LogPattern.groupNames.contains(group) else {
                    throw fail(patternNode, "unknown group \"\(group)\" (groups: \(LogPattern.groupNames.sorted().joined(separator: ", ")))")
                }
                declared.insert(group)
            }
            do {
                _ = try LogPattern(expanded: pattern)
            } catch {
                throw fail(patternNode, "the pattern \(pattern) is not a valid regular expression")
            }
        }
        let expected = try fields["captures"].map { try captures($0, declared: declared, reader, fail) } ?? LogSignatureCaptures()
        let example = try textLines(fields["example"]!, "example", fail)
        let nearMiss = try textLines(fields["nearMiss"]!, "nearMiss", fail)
        for (name, node) in [("example", fields["example"]!), ("nearMiss", fields["nearMiss"]!)]
        where (name == "example" ? example : nearMiss).count > lines {
            throw fail(node, "\(name) has more lines than the signature spans (lines: \(lines))")
        }
        return LogSignature(id: id, runtime: runtime, kind: kind, meaning: try reader.string(fields["meaning"]!, "meaning"),
                            patterns: patterns, lines: lines, example: example, expected: expected, nearMiss: nearMiss)
    }

    /// A string, or a non-empty list of strings.
    private func textLines(_ node: Node, _ field: String, _ fail: (Node, String) -> InputError) throws -> [String] {
        switch node {
        case .scalar(let scalar):
            return [scalar.string]
        case .sequence(let items) where !items.isEmpty:
            return try items.map { item in
                guard case .scalar(let scalar) = item else { throw fail(item, "\(field) must be a string or a list of strings") }
                return scalar.string
            }
        default:
            throw fail(node, "\(field) must be a string or a non-empty list of strings")
        }
    }

    private func captures(_ node: Node, declared: Set<String>, _ reader: NodeReader,
                          _ fail: (Node, String) -> InputError) throws -> LogSignatureCaptures {
        let fields = try reader.mapping(node, "captures")
        var captures = LogSignatureCaptures()
        for (key, value) in fields {
            guard Self.captureFields.contains(key) else {
                throw fail(value, "unknown capture \"\(key)\" (captures: \(Self.captureFields.sorted().joined(separator: ", ")))")
            }
            guard declared.contains(key) else { throw fail(value, "capture \"\(key)\" has no group of that name in the patterns") }
            let text = try reader.string(value, "captures.\(key)")
            switch key {
            case "host": captures.host = text
            case "address": captures.address = text
            case "name": captures.name = text
            case "port", "status", "bytes":
                guard let number = Int(text) else { throw fail(value, "captures.\(key) must be a whole number") }
                switch key {
                case "port": captures.port = number
                case "status": captures.status = number
                default: captures.bytes = number
                }
            default:
                guard let number = Double(text) else { throw fail(value, "captures.seconds must be a number") }
                captures.seconds = number
            }
        }
        return captures
    }
}
