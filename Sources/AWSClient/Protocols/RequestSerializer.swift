import Foundation

/// Turns a CLI-shaped input (`--cli-input-json`) into the HTTP request of the service's wire protocol,
/// following the model's member names, `locationName`s and list flattening.
struct RequestSerializer {
    let service: AWSServiceID
    let model: ServiceModel

    func request(_ operation: ServiceModel.Operation, input: JSONValue, endpoint: String) throws -> HTTPRequest {
        let members = try inputMembers(operation, input)
        let base = endpoint.hasSuffix("/") ? String(endpoint.dropLast()) : endpoint
        switch service.wireProtocol {
        case .json:
            let body = try jsonBody(members, operation: operation)
            return try HTTPRequest(method: "POST", url: base + "/", headers: [
                "Content-Type": "application/x-amz-json-\(model.jsonVersion ?? "1.1")",
                "X-Amz-Target": "\(model.targetPrefix ?? "").\(operation.name)",
            ], body: body)
        case .query, .ec2:
            var pairs = [("Action", operation.name), ("Version", model.apiVersion)]
            if let shapeName = operation.input, let shape = model.shape(shapeName) {
                try serializeQueryStructure(shape, members, prefix: "", into: &pairs, path: operation.name)
            }
            let body = pairs.map { "\(Self.formEncode($0.0))=\(Self.formEncode($0.1))" }.joined(separator: "&")
            return try HTTPRequest(method: "POST", url: base + "/",
                                   headers: ["Content-Type": "application/x-www-form-urlencoded; charset=utf-8"],
                                   body: Data(body.utf8))
        case .restXML, .restJSON:
            return try restRequest(operation, members, base: base)
        }
    }

    private func inputMembers(_ operation: ServiceModel.Operation, _ input: JSONValue) throws -> [String: JSONValue] {
        guard let members = input.objectValue ?? (input == .null ? [:] : nil) else {
            throw invalid(operation.name, "the input must be a JSON object")
        }
        let shape = operation.input.flatMap(model.shape)
        let known = Set(shape?.members.map(\.0) ?? [])
        if let unknown = members.keys.sorted().first(where: { !known.contains($0) }) {
            throw invalid(operation.name, "unknown parameter \(unknown)")
        }
        return members
    }

    // MARK: json

    private func jsonBody(_ members: [String: JSONValue], operation: ServiceModel.Operation) throws -> Data {
        var value = JSONValue.object(members)
        if let shapeName = operation.input {
            value = try jsonValue(value, shapeName: shapeName, path: operation.name)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(value)
    }

    private func jsonValue(_ value: JSONValue, shapeName: String, path: String) throws -> JSONValue {
        guard let shape = model.shape(shapeName) else { return value }
        switch (shape.type, value) {
        case ("structure", .object(let members)):
            var result: [String: JSONValue] = [:]
            for (name, member) in shape.members {
                guard let memberValue = members[name] else { continue }
                result[member.locationName ?? name] = try jsonValue(memberValue, shapeName: member.shape,
                                                                    path: "\(path).\(name)")
            }
            if let unknown = members.keys.sorted().first(where: { key in !shape.members.contains { $0.0 == key } }) {
                throw invalid(path, "unknown parameter \(unknown)")
            }
            return .object(result)
        case ("list", .array(let items)):
            guard let member = shape.member else { return value }
            return .array(try items.enumerated().map {
                try jsonValue($0.element, shapeName: member.shape, path: "\(path)[\($0.offset)]")
            })
        case ("map", .object(let entries)):
            guard let valueMember = shape.value else { return value }
            return .object(try entries.mapValues { try jsonValue($0, shapeName: valueMember.shape, path: path) })
        case ("timestamp", .string(let text)):
            guard let seconds = Timestamp.epochSeconds(text) else { throw invalid(path, "not a timestamp: \(text)") }
            return .number(seconds)
        case ("structure", _), ("list", _), ("map", _):
            throw invalid(path, "expected a \(shape.type == "list" ? "list" : "JSON object")")
        default:
            return value
        }
    }

    // MARK: query and ec2

    private func serializeQueryStructure(_ shape: ServiceModel.Shape, _ members: [String: JSONValue], prefix: String,
                                         into pairs: inout [(String, String)], path: String) throws {
        for (name, member) in shape.members {
            guard let value = members[name] else { continue }
            let key = service.wireProtocol == .ec2
                ? member.queryName ?? member.locationName.map { $0.prefix(1).uppercased() + $0.dropFirst() } ?? name
                : member.locationName ?? name
            try serializeQuery(value, member: member, key: prefix.isEmpty ? key : "\(prefix).\(key)", into: &pairs,
                               path: "\(path).\(name)")
        }
    }

    private func serializeQuery(_ value: JSONValue, member: ServiceModel.Member, key: String,
                                into pairs: inout [(String, String)], path: String) throws {
        guard let shape = model.shape(member.shape) else { return }
        switch shape.type {
        case "structure":
            guard let members = value.objectValue else { throw invalid(path, "expected a JSON object") }
            if let unknown = members.keys.sorted().first(where: { key in !shape.members.contains { $0.0 == key } }) {
                throw invalid(path, "unknown parameter \(unknown)")
            }
            try serializeQueryStructure(shape, members, prefix: key, into: &pairs, path: path)
        case "list":
            guard let items = value.arrayValue, let itemMember = shape.member else {
                throw invalid(path, "expected a list")
            }
            if service.wireProtocol == .ec2 {
                for (index, item) in items.enumerated() {
                    try serializeQuery(item, member: itemMember, key: "\(key).\(index + 1)", into: &pairs,
                                       path: "\(path)[\(index)]")
                }
                return
            }
            if items.isEmpty {
                pairs.append((key, ""))
                return
            }
            let flattened = shape.flattened || member.flattened
            let listKey = flattened
                ? (itemMember.locationName.map { replacingLastComponent(of: key, with: $0) } ?? key)
                : "\(key).\(itemMember.locationName ?? "member")"
            for (index, item) in items.enumerated() {
                try serializeQuery(item, member: itemMember, key: "\(listKey).\(index + 1)", into: &pairs,
                                   path: "\(path)[\(index)]")
            }
        case "map":
            guard let entries = value.objectValue, let keyMember = shape.key, let valueMember = shape.value else {
                throw invalid(path, "expected a JSON object")
            }
            let entryPrefix = shape.flattened ? key : "\(key).entry"
            for (index, entry) in entries.sorted(by: { $0.key < $1.key }).enumerated() {
                let base = "\(entryPrefix).\(index + 1)"
                pairs.append(("\(base).\(keyMember.locationName ?? "key")", entry.key))
                try serializeQuery(entry.value, member: valueMember,
                                   key: "\(base).\(valueMember.locationName ?? "value")", into: &pairs,
                                   path: "\(path).\(entry.key)")
            }
        default:
            pairs.append((key, try scalarText(value, type: shape.type, path: path)))
        }
    }

    private func replacingLastComponent(of key: String, with name: String) -> String {
        guard let dot = key.lastIndex(of: ".") else { return name }
        return key[...dot] + name
    }

    private func scalarText(_ value: JSONValue, type: String, path: String) throws -> String {
        switch (type, value) {
        case ("boolean", .bool(let flag)):
            return flag ? "true" : "false"
        case ("integer", .number(let number)), ("long", .number(let number)):
            guard number == number.rounded(), abs(number) < 1e18 else { throw invalid(path, "expected an integer") }
            return String(Int64(number))
        case ("float", .number(let number)), ("double", .number(let number)):
            return number == number.rounded() && abs(number) < 1e15 ? String(Int64(number)) : String(number)
        case ("timestamp", .string(let text)):
            guard let seconds = Timestamp.epochSeconds(text) else { throw invalid(path, "not a timestamp: \(text)") }
            return Timestamp.wireString(epochSeconds: seconds)
        case ("timestamp", .number(let seconds)):
            return Timestamp.wireString(epochSeconds: seconds)
        case (_, .string(let text)):
            return text
        case (_, .number(let number)):
            return number == number.rounded() && abs(number) < 1e15 ? String(Int64(number)) : String(number)
        case (_, .bool(let flag)):
            return flag ? "true" : "false"
        default:
            throw invalid(path, "expected a \(type)")
        }
    }

    // MARK: rest-xml and rest-json (read operations: everything in the URI, query string and headers)

    private func restRequest(_ operation: ServiceModel.Operation, _ members: [String: JSONValue],
                             base: String) throws -> HTTPRequest {
        let shape = operation.input.flatMap(model.shape)
        var uri = operation.requestURI
        var query: [(String, String)] = []
        var headers: [String: String] = [:]
        if let queryStart = uri.firstIndex(of: "?") {
            query += SigV4Signer.decodedPairs(String(uri[uri.index(after: queryStart)...]))
            uri = String(uri[..<queryStart])
        }
        for (name, member) in shape?.members ?? [] {
            guard let value = members[name] else { continue }
            let type = model.shape(member.shape)?.type ?? "string"
            let path = "\(operation.name).\(name)"
            switch member.location {
            case "uri":
                var text = try scalarText(value, type: type, path: path)
                if Self.route53IdentifierShapes.contains(member.shape), let slash = text.lastIndex(of: "/") {
                    text = String(text[text.index(after: slash)...])
                }
                let label = member.locationName ?? name
                uri = uri.replacingOccurrences(of: "{\(label)+}",
                                               with: SigV4Signer.percentEncode(text, keeping: "/"))
                uri = uri.replacingOccurrences(of: "{\(label)}", with: SigV4Signer.percentEncode(text))
            case "querystring":
                if case .array(let items) = value {
                    for item in items { query.append((member.locationName ?? name, try scalarText(item, type: "string", path: path))) }
                } else {
                    query.append((member.locationName ?? name, try scalarText(value, type: type, path: path)))
                }
            case "header":
                headers[member.locationName ?? name] = try scalarText(value, type: type, path: path)
            default:
                throw invalid(path, "request bodies are not supported for REST operations")
            }
        }
        let queryString = query.map { "\(SigV4Signer.percentEncode($0.0))=\(SigV4Signer.percentEncode($0.1))" }
            .joined(separator: "&")
        return try HTTPRequest(method: operation.method,
                               url: base + uri + (queryString.isEmpty ? "" : "?" + queryString), headers: headers)
    }

    /// `application/x-www-form-urlencoded` as botocore writes it (Python's `urlencode`): RFC 3986 encoding
    /// with spaces as `+`.
    static func formEncode(_ text: String) -> String {
        text.split(separator: " ", omittingEmptySubsequences: false).map { SigV4Signer.percentEncode(String($0)) }
            .joined(separator: "+")
    }

    /// Route 53 identifiers that the CLI accepts in their `/hostedzone/Z123` form and sends as `Z123`.
    private static let route53IdentifierShapes: Set<String> = ["ResourceId", "DelegationSetId", "ChangeId"]

    private func invalid(_ path: String, _ message: String) -> AWSError {
        AWSError(kind: .validation, code: "InvalidInput", message: "\(path): \(message)", service: service.rawValue)
    }
}
