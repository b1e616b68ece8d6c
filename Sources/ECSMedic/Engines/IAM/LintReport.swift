/// The result of `iam lint` on one policy file, rendered as text or JSON.
public struct LintReport: Sendable {
    public let file: String
    public let findings: [LintFinding]
    public let grants: [StatementGrant]

    /// Lints `policy` (read from `file`) with the built-in service authorization data.
    public init(file: String, policy: PolicyDocument, data: ServiceAuthorizationData) {
        self.file = file
        let linter = PolicyLinter(data: data)
        findings = linter.lint(policy)
        grants = linter.grants(policy)
    }

    public var hasErrors: Bool { findings.contains { $0.severity == .error } }

    /// `{"file", "findings", "grants"}` with sorted keys, on one line.
    public var json: String {
        "{\"file\":\(JSONText.quoted(file)),\"findings\":[\(findings.map(\.json).joined(separator: ","))],"
            + "\"grants\":[\(grants.map(\.json).joined(separator: ","))]}"
    }

    /// One line per finding (`FILE: statement N (sid "S"): FIELD: severity: message`), then what each `Allow` grants.
    public var text: String {
        var lines = findings.map { finding in
            "\(file): \(Self.statement(finding.statement, finding.sid)): \(finding.field): \(finding.severity.rawValue): \(finding.message)"
        }
        if findings.isEmpty { lines.append("\(file): no problems found") }
        for grant in grants {
            let levels = grant.accessLevels.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
            let sample = grant.actions.prefix(8).joined(separator: ", ") + (grant.actions.count > 8 ? ", ..." : "")
            lines.append("\(Self.statement(grant.statement, grant.sid)) allows \(grant.actions.count) actions"
                         + (levels.isEmpty ? "" : " (\(levels))") + (sample.isEmpty ? "" : ": \(sample)"))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func statement(_ index: Int, _ sid: String?) -> String {
        "statement \(index)" + (sid.map { " (sid \"\($0)\")" } ?? "")
    }
}
