import AWSClient

/// Removes secret-like values from recorded calls before they are written: environment values and log options
/// whose names say they are secrets, and passwords inside URLs. ecs-medic never reads secret values; this covers
/// what users put in plain task definition fields.
struct SnapshotRedactor {
    static let marker = "REDACTED-BY-ECS-MEDIC"
    static let secretWords = ["password", "passwd", "secret", "token", "apikey", "api_key", "private_key", "credential"]

    func redact(_ calls: [SnapshotCall]) -> [SnapshotCall] {
        calls.map { call in
            var copy = call
            copy.response = call.response.map { redact($0, key: nil) }
            return copy
        }
    }

    private func redact(_ value: JSONValue, key: String?) -> JSONValue {
        switch value {
        case .object(let members):
            // {"name": "DB_PASSWORD", "value": "..."} pairs (environment, log options, attachment details).
            if let name = members["name"]?.stringValue, members["value"]?.stringValue != nil, Self.looksSecret(name) {
                var copy = members
                copy["value"] = .string(Self.marker)
                return .object(copy)
            }
            return .object(Dictionary(uniqueKeysWithValues: members.map { ($0.key, redact($0.value, key: $0.key)) }))
        case .array(let items):
            return .array(items.map { redact($0, key: key) })
        case .string(let text):
            if let key, Self.looksSecret(key) { return .string(Self.marker) }
            return .string(Self.withoutURLPasswords(text))
        default:
            return value
        }
    }

    static func looksSecret(_ name: String) -> Bool {
        let lowered = name.lowercased()
        return secretWords.contains { lowered.contains($0) }
    }

    /// `postgresql://app:hunter2@db:5432/app` → `postgresql://app:REDACTED-BY-ECS-MEDIC@db:5432/app`.
    static func withoutURLPasswords(_ text: String) -> String {
        guard let scheme = text.range(of: "://"), let at = text[scheme.upperBound...].firstIndex(of: "@") else { return text }
        let userInfo = text[scheme.upperBound..<at]
        guard let colon = userInfo.firstIndex(of: ":"), !userInfo.contains("/") else { return text }
        return String(text[..<text.index(after: colon)]) + marker + String(text[at...])
    }
}
