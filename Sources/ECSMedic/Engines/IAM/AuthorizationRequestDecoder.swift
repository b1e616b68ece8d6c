import AWSClient
import Foundation

/// Reads `iam simulate` requests (design.md §9) into `AuthorizationRequest`s. Each policy's JSON text is looked up in
/// the policy cache before it is parsed, so identical documents across requests are parsed and compiled once.
public struct AuthorizationRequestDecoder: Sendable {
    private let cache: PolicyCache

    public init(cache: PolicyCache = PolicyCache()) {
        self.cache = cache
    }

    /// Decodes one request from a decoded JSON value.
    public func decode(_ value: JSONValue, source: String) throws(InputError) -> AuthorizationRequest {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        guard let data = try? encoder.encode(value) else { throw InputError("\(source): not valid JSON") }
        return try decode(json: data, source: source)
    }

    /// Decodes one request from JSON text; `source` (a file name, `FILE: line N`) prefixes every error.
    public func decode(json: Data, source: String) throws(InputError) -> AuthorizationRequest {
        try decode(bytes: [UInt8](json), source: source)
    }

    func decode(bytes: [UInt8], source: String) throws(InputError) -> AuthorizationRequest {
        let scanner = JSONScanner(bytes, known: cache)
        do {
            return try decode(scanner, source: source)
        } catch let failure as JSONScanner.Failure {
            throw InputError("\(source): \(failure.problem) (at byte \(failure.offset))")
        } catch let error as InputError {
            throw error
        } catch {
            throw InputError("\(source): \(error)")
        }
    }

    /// The request's fields (design.md §9 and its extension), in the order of `AuthorizationRequest`.
    private enum Field: Int, CaseIterable {
        case principal, action, resource, resourceAccount, context, identityPolicies, resourcePolicy,
             permissionsBoundary, serviceControlPolicies, resourceControlPolicies, sessionPolicy, endpointPolicy,
             serviceLinkedRole, managementAccount, awsManagedResource
    }

    /// Each field's position by its name: one hash per member of a request, none per look-up.
    private static let fields = Dictionary(uniqueKeysWithValues: Field.allCases.map { ("\($0)", $0.rawValue) })

    private func decode(_ scanner: JSONScanner, source: String) throws -> AuthorizationRequest {
        func fail(_ field: String, _ problem: String) -> InputError { InputError("\(source): field \(field): \(problem)") }
        guard let top = try scanner.members(try scanner.document()) else {
            throw InputError("\(source): expected a JSON object")
        }
        var members = [Range<Int>?](repeating: nil, count: Field.allCases.count)
        var arrays = [[Range<Int>]?](repeating: nil, count: Field.allCases.count)
        for member in top {
            guard let position = Self.fields[member.key] else { throw fail(member.key, "unknown field") }
            members[position] = member.value
            arrays[position] = member.elements
        }
        func present(_ field: Field) -> Range<Int>? {
            members[field.rawValue].flatMap { scanner.isNull($0) ? nil : $0 }
        }
        func requiredString(_ field: Field) throws -> String {
            guard let range = present(field), let text = try scanner.value(range).stringValue, !text.isEmpty else {
                throw fail("\(field)", "missing or not a string")
            }
            return text
        }
        func policy(_ range: Range<Int>, name: String) throws -> PolicyDocument? {
            if scanner.isNull(range) { return nil }
            if let document = scanner.jumpedDocument(at: range) { return document }
            do {
                return try scanner.bytes.withUnsafeBytes { raw throws(PolicyError) in
                    try cache.document(bytes: UnsafeRawBufferPointer(rebasing: raw[range])) { () throws(PolicyError) in
                        let value: JSONValue
                        do throws(JSONScanner.Failure) {
                            value = try scanner.value(range)
                        } catch {
                            throw PolicyError(policy: name, statement: nil, sid: nil, field: nil,
                                              problem: "\(error.problem) (at byte \(error.offset))")
                        }
                        return try PolicyDocument(value: value, name: name)
                    }
                }
            } catch let error as PolicyError {
                throw InputError("\(source): \(error.description)")
            }
        }
        func levels(_ field: Field) throws -> [PolicyLevel] {
            guard let range = present(field) else { return [] }
            guard let list = try scanner.elements(range) else {
                throw fail("\(field)", "expected a list of {\"level\", \"policies\"}")
            }
            var result: [PolicyLevel] = []
            for (index, entry) in list.enumerated() {
                let level = Dictionary((try scanner.members(entry) ?? []).map { ($0.key, $0.value) },
                                       uniquingKeysWith: { first, _ in first })
                guard let policiesRange = level["policies"], let policies = try scanner.elements(policiesRange) else {
                    throw fail("\(field)[\(index)]", "expected {\"level\": NAME, \"policies\": [...]}")
                }
                var documents: [PolicyDocument] = []
                for (position, raw) in policies.enumerated() {
                    if let document = try policy(raw, name: "\(field)[\(index)].policies[\(position)]") {
                        documents.append(document)
                    }
                }
                let name = try level["level"].flatMap { try scanner.value($0).stringValue } ?? String(index)
                result.append(PolicyLevel(level: name, policies: documents))
            }
            return result
        }

        func optionalBool(_ field: Field) throws -> Bool {
            guard let range = present(field) else { return false }
            guard case .bool(let flag) = try scanner.value(range) else {
                throw fail("\(field)", "expected true or false")
            }
            return flag
        }
        // An absent or null principal is an anonymous (unsigned) request.
        let principal = present(.principal) == nil ? nil : try requiredString(.principal)
        var request = AuthorizationRequest(principal: principal,
                                           action: try requiredString(.action),
                                           resource: try requiredString(.resource))
        request.serviceLinkedRole = try optionalBool(.serviceLinkedRole)
        request.awsManagedResource = try optionalBool(.awsManagedResource)
        if let range = present(.managementAccount) {
            guard let account = try scanner.value(range).stringValue else {
                throw fail("managementAccount", "expected an account id")
            }
            request.managementAccount = account
        }
        if let range = present(.resourceAccount) {
            guard let account = try scanner.value(range).stringValue else { throw fail("resourceAccount", "expected a string") }
            request.resourceAccount = account
        }
        if let range = present(.context) {
            guard case .object(let entries) = try scanner.value(range) else { throw fail("context", "expected an object") }
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
        if let range = present(.identityPolicies) {
            guard let list = try arrays[Field.identityPolicies.rawValue] ?? scanner.elements(range) else {
                throw fail("identityPolicies", "expected a list of policies")
            }
            for (index, entry) in list.enumerated() {
                if let document = try policy(entry, name: "identityPolicies[\(index)]") {
                    request.identityPolicies.append(document)
                }
            }
        }
        request.resourcePolicy = try present(.resourcePolicy).flatMap { try policy($0, name: "resourcePolicy") }
        request.permissionsBoundary = try present(.permissionsBoundary).flatMap {
            try policy($0, name: "permissionsBoundary")
        }
        request.serviceControlPolicies = try levels(.serviceControlPolicies)
        request.resourceControlPolicies = try levels(.resourceControlPolicies)
        request.sessionPolicy = try present(.sessionPolicy).flatMap { try policy($0, name: "sessionPolicy") }
        request.endpointPolicy = try present(.endpointPolicy).flatMap { try policy($0, name: "endpointPolicy") }
        return request
    }
}
