import AWSClient

/// Masks secret values in recorded calls before the diagnosis reads them or a snapshot is written: values whose
/// field or variable name says they are secrets (passwords, tokens, keys, `SecretString`), SecureString parameter
/// values, access key ids, private keys and passwords inside URLs. It never masks an identifier the rules read: an
/// ARN, a name, an id, `valueFrom`, `credentialsParameter`, a policy document. docs/reliability.md lists the rules.
struct SnapshotRedactor {
    static let marker = SecretShapes.marker

    /// The calls with their secrets masked; the lines of `GetLogEvents` answers go through `LogRedactor` first,
    /// with the secret names of the task definitions among the calls.
    func redact(_ calls: [SnapshotCall]) -> [SnapshotCall] {
        let secretNames = calls.filter { $0.operation == OperationCatalog.describeTaskDefinition.name }
            .flatMap { $0.response?["taskDefinition"]?["containerDefinitions"]?.arrayValue ?? [] }
            .flatMap { $0["secrets"]?.arrayValue ?? [] }
            .compactMap { $0["name"]?.stringValue }
        let lines = LogRedactor(secretNames: secretNames)
        return calls.map { call in
            var copy = call
            if call.operation == OperationCatalog.getLogEvents.name, case .object(var members)? = call.response,
               let events = members["events"]?.arrayValue {
                let messages = lines.redact(events.map { $0["message"]?.stringValue ?? "" })
                members["events"] = .array(zip(events, messages).map { event, message in
                    guard case .object(var fields) = event else { return event }
                    fields["message"] = .string(message)
                    return .object(fields)
                })
                copy.response = .object(members)
            }
            copy.response = copy.response.map { redact($0, key: nil) }
            return copy
        }
    }

    private func redact(_ value: JSONValue, key: String?) -> JSONValue {
        switch value {
        case .object(let members):
            // A policy document: condition keys such as `secretsmanager:SecretPrimaryRegion` name no secret.
            if members["Statement"] != nil {
                return .object(members.mapValues { Self.redactPatterns($0) })
            }
            var copy = Dictionary(uniqueKeysWithValues: members.map { ($0.key, redact($0.value, key: $0.key)) })
            // {"name": "DB_PASSWORD", "value": "..."} pairs (environment, log options, attachment details).
            if let name = members["name"]?.stringValue, let text = members["value"]?.stringValue,
               Self.namesSecret(name), ARN(text) == nil {
                copy["value"] = .string(Self.marker)
            }
            // A SecureString parameter's value (ssm:GetParameters WithDecryption, which ecs-medic never calls).
            if members["Type"]?.stringValue == "SecureString", members["Value"]?.stringValue != nil {
                copy["Value"] = .string(Self.marker)
            }
            return .object(copy)
        case .array(let items):
            return .array(items.map { redact($0, key: key) })
        case .string(let text):
            if let key, Self.namesSecret(key), ARN(text) == nil { return .string(Self.marker) }
            return .string(Self.withoutSecretPatterns(text))
        default:
            return value
        }
    }

    /// True when a field or variable name says its value is a secret, not an identifier of one.
    static func namesSecret(_ name: String) -> Bool {
        SecretShapes.namesSecret(name)
    }

    /// True when a fact holds the marker: the diagnosis reports it unverified (reason `redacted`), never as data.
    /// A search of the UTF-8 bytes: every policy of every diagnosis is checked, and Foundation's `contains` was
    /// a visible part of an audit's time.
    static func isRedacted(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            guard bytes.count >= markerBytes.count else { return false }
            return (0...(bytes.count - markerBytes.count)).contains { start in
                markerBytes.indices.allSatisfy { bytes[start + $0] == markerBytes[$0] }
            }
        }
    }

    private static let markerBytes = Array(marker.utf8)

    /// True when any string of a document holds the marker.
    static func isRedacted(_ value: JSONValue) -> Bool {
        switch value {
        case .object(let members): return members.values.contains(where: isRedacted)
        case .array(let items): return items.contains(where: isRedacted)
        case .string(let text): return isRedacted(text)
        default: return false
        }
    }

    /// Value patterns masked wherever they appear, also inside policy documents.
    private static func redactPatterns(_ value: JSONValue) -> JSONValue {
        switch value {
        case .object(let members): return .object(members.mapValues(redactPatterns))
        case .array(let items): return .array(items.map(redactPatterns))
        case .string(let text): return .string(withoutSecretPatterns(text))
        default: return value
        }
    }

    /// A private key block in full; access key ids and URL passwords within the text.
    static func withoutSecretPatterns(_ text: String) -> String {
        if SecretShapes.holdsPrivateKey(text) { return marker }
        return SecretShapes.withoutURLPasswords(SecretShapes.withoutAccessKeyIDs(text))
    }
}
