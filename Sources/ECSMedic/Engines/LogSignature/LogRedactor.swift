/// Masks credentials in container log lines before anything prints, reports or records them: AWS access key ids,
/// secret access keys and session tokens, Authorization and Bearer credentials, passwords in URLs, `password=...`
/// and `"password": "..."` pairs (JDBC parameters and `PGPASSWORD=` included), private key blocks across lines, and
/// the values of the task's own secrets where a line shows them as `NAME=value` or `"NAME": "value"`.
///
/// It works on shapes only (ecs-medic never reads a secret's value to look for it) with the patterns and the marker
/// of `SecretShapes`, which snapshot redaction uses too. Everything else on a line stays byte for byte.
public struct LogRedactor: Sendable {
    /// The task's secret names (`secrets[].name` of its container definitions), lowercased.
    private let secretNames: Set<String>

    /// - Parameter secretNames: the names of the environment variables the task fills from Secrets Manager or SSM.
    public init(secretNames: [String]) {
        self.secretNames = Set(secretNames.filter { !$0.isEmpty }.map { $0.lowercased() })
    }

    /// The lines with their secrets masked, one line out for each line in (a private key spanning lines becomes
    /// one marker per line), so that line indices stay valid.
    public func redact(_ lines: [String]) -> [String] {
        withoutPrivateKeys(lines).map(redact(line:))
    }

    /// One line's secrets masked (a private key block is masked only within the line; use `redact(_:)` for blocks).
    public func redact(line: String) -> String {
        var text = SecretShapes.withoutSecretAssignments(line, names: secretNames)
        text = SecretShapes.withoutAuthorizationCredentials(text)
        text = SecretShapes.withoutSecretAccessKeys(text)
        text = SecretShapes.withoutSessionTokens(text)
        text = SecretShapes.withoutURLPasswords(text)
        return SecretShapes.withoutAccessKeyIDs(text)
    }

    /// Private key blocks masked from `-----BEGIN ... PRIVATE KEY-----` through the matching END line; a block whose
    /// END never comes is masked to the last line.
    private func withoutPrivateKeys(_ lines: [String]) -> [String] {
        guard lines.contains(where: { $0.contains("PRIVATE KEY-----") }) else { return lines }
        let begin = #/-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/#
        let end = #/-----END [A-Z0-9 ]*PRIVATE KEY-----/#
        var inside = false
        return lines.map { line in
            var output = ""
            var rest = Substring(line)
            while true {
                if inside {
                    guard let close = rest.firstMatch(of: end) else { return output + SecretShapes.marker }
                    output += SecretShapes.marker
                    rest = rest[close.range.upperBound...]
                    inside = false
                } else {
                    guard let open = rest.firstMatch(of: begin) else { return output + rest }
                    output += rest[..<open.range.lowerBound]
                    rest = rest[open.range.upperBound...]
                    inside = true
                }
            }
        }
    }
}
