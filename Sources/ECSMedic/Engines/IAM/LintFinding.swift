/// One problem `iam lint` found in a policy statement.
public struct LintFinding: Sendable, Hashable {
    public enum Severity: String, Sendable, Hashable {
        /// The statement cannot work as written (AWS rejects it, or it never matches).
        case error
        /// The statement works, but probably not as intended.
        case warning
    }

    /// A stable id: `unknown-service`, `unknown-action`, `action-matches-nothing`, `resource-must-be-star`,
    /// `resource-type-mismatch`, `unknown-condition-key`, `unsupported-condition-key`, `variables-need-version`.
    public let code: String
    public let severity: Severity
    public let statement: Int
    public let sid: String?
    public let field: String
    public let message: String

    public var json: String {
        "{\"code\":\(JSONText.quoted(code)),\"field\":\(JSONText.quoted(field)),\"message\":\(JSONText.quoted(message)),"
            + "\"severity\":\"\(severity.rawValue)\",\"sid\":\(sid.map(JSONText.quoted) ?? "null"),\"statement\":\(statement)}"
    }
}

/// What one `Allow` statement grants, with wildcards expanded against the service authorization data.
public struct StatementGrant: Sendable, Hashable {
    public let statement: Int
    public let sid: String?
    /// Every action the statement's `Action` (or everything but its `NotAction`) covers, sorted.
    public let actions: [String]
    /// How many of those actions fall in each access level (`Read`, `Write`, ...).
    public let accessLevels: [String: Int]

    public var json: String {
        let levels = accessLevels.sorted { $0.key < $1.key }.map { "\(JSONText.quoted($0.key)):\($0.value)" }
        let shown = actions.prefix(100).map(JSONText.quoted).joined(separator: ",")
        return "{\"accessLevels\":{\(levels.joined(separator: ","))},\"actionCount\":\(actions.count),"
            + "\"actions\":[\(shown)],\"sid\":\(sid.map(JSONText.quoted) ?? "null"),\"statement\":\(statement)}"
    }
}
