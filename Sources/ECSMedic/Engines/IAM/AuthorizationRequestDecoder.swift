import AWSClient
import Foundation

/// Reads `iam simulate` requests (design.md §9) into `AuthorizationRequest`s, compiling each distinct policy once.
public struct AuthorizationRequestDecoder: Sendable {
    private let cache: PolicyCache

    public init(cache: PolicyCache = PolicyCache()) {
        self.cache = cache
    }

    /// Decodes one request from JSON text; `source` (a file name, `FILE: line N`) prefixes every error.
    public func decode(json: Data, source: String) throws(InputError) -> AuthorizationRequest {
        let value: JSONValue
        do {
            value = try JSONDecoder().decode(JSONValue.self, from: json)
        } catch {
            throw InputError("\(source): not valid JSON")
        }
        return try decode(value, source: source)
    }

    /// Decodes one request from a decoded JSON object.
    public func decode(_ value: JSONValue, source: String) throws(InputError) -> AuthorizationRequest {
        guard case .object(let members) = value else { throw InputError("\(source): expected a JSON object") }
        func fail(_ field: String, _ problem: String) -> InputError { InputError("\(source): field \(field): \(problem)") }
        let known: Set<String> = [
            "principal", "action", "resource", "resourceAccount", "context", "identityPolicies", "resourcePolicy",
            "permissionsBoundary", "serviceControlPolicies", "resourceControlPolicies", "sessionPolicy", "endpointPolicy",
        ]
        for key in members.keys.sorted() where !known.contains(key) { throw fail(key, "unknown field") }
        func requiredString(_ field: String) throws(InputError) -> String {
            guard let text = members[field]?.stringValue, !text.isEmpty else { throw fail(field, "missing or not a string") }
            return text
        }
        func policy(_ value: JSONValue?, name: String) throws(InputError) -> PolicyDocument? {
            guard let value, value != .null else { return nil }
            do {
                return try cache.document(value, name: name)
            } catch {
                throw InputError("\(source): \(error.description)")
            }
        }
        func levels(_ field: String) throws(InputError) -> [PolicyLevel] {
            guard let raw = members[field], raw != .null else { return [] }
            guard case .array(let list) = raw else { throw fail(field, "expected a list of {\"level\", \"policies\"}") }
            var result: [PolicyLevel] = []
            for (index, entry) in list.enumerated() {
                guard case .object(let level) = entry, case .array(let policies)? = level["policies"] else {
                    throw fail("\(field)[\(index)]", "expected {\"level\": NAME, \"policies\": [...]}")
                }
                var documents: [PolicyDocument] = []
                for (position, raw) in policies.enumerated() {
                    if let document = try policy(raw, name: "\(field)[\(index)].policies[\(position)]") {
                        documents.append(document)
                    }
                }
                result.append(PolicyLevel(level: level["level"]?.stringValue ?? String(index), policies: documents))
            }
            return result
        }

        var request = AuthorizationRequest(principal: try requiredString("principal"),
                                           action: try requiredString("action"),
                                           resource: try requiredString("resource"))
        if let raw = members["resourceAccount"], raw != .null {
            guard let account = raw.stringValue else { throw fail("resourceAccount", "expected a string") }
            request.resourceAccount = account
        }
        if let raw = members["context"], raw != .null {
            guard case .object(let entries) = raw else { throw fail("context", "expected an object") }
            for (key, entry) in entries {
                let list: [JSONValue]
                if case .array(let items) = entry { list = items } else { list = [entry] }
                var values: [String] = []
                for item in list {
                    switch item {
                    case .string(let text): values.append(text)
                    case .bool(let flag): values.append(flag ? "true" : "false")
                    case .number(let number):
                        values.append(number == number.rounded() && abs(number) < 1e15
                                      ? String(Int64(number)) : String(number))
                    default: throw fail("context.\(key)", "expected a string, number or boolean, or a list of them")
                    }
                }
                request.context[key] = values
            }
        }
        if let raw = members["identityPolicies"], raw != .null {
            guard case .array(let list) = raw else { throw fail("identityPolicies", "expected a list of policies") }
            for (index, entry) in list.enumerated() {
                if let document = try policy(entry, name: "identityPolicies[\(index)]") {
                    request.identityPolicies.append(document)
                }
            }
        }
        request.resourcePolicy = try policy(members["resourcePolicy"], name: "resourcePolicy")
        request.permissionsBoundary = try policy(members["permissionsBoundary"], name: "permissionsBoundary")
        request.serviceControlPolicies = try levels("serviceControlPolicies")
        request.resourceControlPolicies = try levels("resourceControlPolicies")
        request.sessionPolicy = try policy(members["sessionPolicy"], name: "sessionPolicy")
        request.endpointPolicy = try policy(members["endpointPolicy"], name: "endpointPolicy")
        return request
    }
}
