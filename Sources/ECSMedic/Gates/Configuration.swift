import Foundation
import Yams

/// `.ecs-medic.yaml` (or `--config FILE`): defaults for the flags, per-rule severities, and suppressions.
/// Unknown fields and bad values are one-line errors with the file and line.
///
/// ```yaml
/// defaults: {format: sarif, fail-on: warning, rules: [team-rules], skip-rule: [overbroad-policy], concurrency: 8}
/// severity: {overbroad-policy: error}
/// suppressions:
///   - {rule: ssm-unreachable, resource: rtb-0abc, reason: "legacy VPC, moving in Q1", expires: 2027-01-31}
/// ```
public struct Configuration: Sendable, Equatable {
    /// Flag values used when the command line does not give them.
    public struct Defaults: Sendable, Equatable {
        public var format: String?
        public var failOn: String?
        public var ruleFolders: [String] = []
        public var onlyRules: [String] = []
        public var skippedRules: [String] = []
        public var concurrency: Int?
    }

    public var defaults = Defaults()
    /// Severities that replace the rules' defaults, by rule id.
    public var severities: [String: Severity] = [:]
    public var suppressions: [Suppression] = []

    public init() {}

    static let fields = ["defaults", "severity", "suppressions"]
    static let defaultFields = ["format", "fail-on", "rules", "rule", "skip-rule", "concurrency"]
    static let suppressionFields = ["rule", "resource", "reason", "expires"]

    /// The configuration at `path`; with no path, `.ecs-medic.yaml` in `directory` when there is one, else none.
    public static func load(path: String?, directory: String = FileManager.default.currentDirectoryPath) throws -> Configuration {
        let file = path ?? (directory as NSString).appendingPathComponent(".ecs-medic.yaml")
        guard FileManager.default.fileExists(atPath: file) else {
            if let path { throw InputError("--config \(path): no such file") }
            return Configuration()
        }
        guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
            throw InputError("\(file): cannot read the file")
        }
        return try parse(yaml: text, file: path ?? ".ecs-medic.yaml")
    }

    public static func parse(yaml text: String, file: String) throws -> Configuration {
        try YAMLExpansion.check(text, file: file)
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: text) else { return Configuration() }
            root = node
        } catch let error as YamlError {
            throw InputError("\(file): malformed YAML: \(RuleLoader.describe(error))")
        }
        let reader = NodeReader(file: file)
        let fields = try reader.mapping(root, "the configuration")
        var configuration = Configuration()
        for (key, node) in fields {
            switch key {
            case "defaults": configuration.defaults = try defaults(node, reader)
            case "severity":
                for (rule, value) in try reader.mapping(node, "severity") {
                    let text = try reader.string(value, "severity.\(rule)")
                    guard let severity = Severity(rawValue: text) else {
                        throw reader.error(value, "severity \"\(text)\" must be error, warning or note")
                    }
                    configuration.severities[rule] = severity
                }
            case "suppressions":
                guard case .sequence(let items) = node else { throw reader.error(node, "suppressions must be a list") }
                configuration.suppressions = try items.map { try suppression($0, reader) }
            default:
                throw reader.error(node, "unknown field \"\(key)\" (fields: \(Self.fields.joined(separator: ", ")))")
            }
        }
        return configuration
    }

    private static func defaults(_ node: Node, _ reader: NodeReader) throws -> Defaults {
        var defaults = Defaults()
        for (key, value) in try reader.mapping(node, "defaults") {
            switch key {
            case "format":
                let format = try reader.string(value, "defaults.format")
                guard ReportRenderer.Format(rawValue: format) != nil else {
                    let names = ReportRenderer.Format.allCases.map(\.rawValue)
                    throw reader.error(value, "defaults.format \"\(format)\" must be \(names.dropLast().joined(separator: ", ")) or \(names.last ?? "")")
                }
                defaults.format = format
            case "fail-on":
                let failOn = try reader.string(value, "defaults.fail-on")
                guard ["error", "warning", "note", "never"].contains(failOn) else {
                    throw reader.error(value, "defaults.fail-on \"\(failOn)\" must be error, warning, note or never")
                }
                defaults.failOn = failOn
            case "rules": defaults.ruleFolders = try reader.strings(value, "defaults.rules")
            case "rule": defaults.onlyRules = try reader.strings(value, "defaults.rule")
            case "skip-rule": defaults.skippedRules = try reader.strings(value, "defaults.skip-rule")
            case "concurrency":
                guard let number = Int(try reader.string(value, "defaults.concurrency")), number > 0 else {
                    throw reader.error(value, "defaults.concurrency must be a positive whole number")
                }
                defaults.concurrency = number
            default:
                throw reader.error(value, "unknown field \"\(key)\" in defaults (fields: \(defaultFields.joined(separator: ", ")))")
            }
        }
        return defaults
    }

    private static func suppression(_ node: Node, _ reader: NodeReader) throws -> Suppression {
        let fields = try reader.mapping(node, "a suppression")
        for (key, value) in fields where !suppressionFields.contains(key) {
            throw reader.error(value, "unknown field \"\(key)\" in a suppression (fields: \(suppressionFields.joined(separator: ", ")))")
        }
        guard let rule = fields["rule"], let resource = fields["resource"], let reason = fields["reason"] else {
            throw reader.error(node, "a suppression needs \"rule\", \"resource\" and \"reason\"")
        }
        let reasonText = try reader.string(reason, "reason")
        if reasonText.trimmingCharacters(in: .whitespaces).isEmpty {
            throw reader.error(reason, "a suppression's reason must say why")
        }
        var expires: String?
        if let node = fields["expires"] {
            let text = try reader.string(node, "expires")
            guard text.range(of: #"^\d{4}-\d{2}-\d{2}$"#, options: .regularExpression) != nil else {
                throw reader.error(node, "expires \"\(text)\" must be a date, YYYY-MM-DD")
            }
            expires = text
        }
        return Suppression(rule: try reader.string(rule, "rule"), resource: try reader.string(resource, "resource"),
                           reason: reasonText, expires: expires, location: "\(reader.file):\(node.mark?.line ?? 0)")
    }

    /// The rules with this configuration's severities.
    public func applySeverities(to rules: [Rule]) -> [Rule] {
        rules.map { rule in
            var rule = rule
            if let severity = severities[rule.id] { rule.severity = severity }
            return rule
        }
    }

    /// Moves suppressed findings out of the results (into `suppressed`) and adds a notice for each expired
    /// suppression, which no longer suppresses anything. `today` is `YYYY-MM-DD` in UTC.
    public func applySuppressions(to report: Report, today: String) -> Report {
        var report = report
        var notices = report.notices ?? []
        for suppression in suppressions where suppression.isExpired(today: today) {
            notices.append("suppression of \(suppression.rule) on \(suppression.resource) (\(suppression.location)) expired on \(suppression.expires ?? ""): it no longer suppresses anything")
        }
        let active = suppressions.filter { !$0.isExpired(today: today) }
        guard !active.isEmpty || !notices.isEmpty else { return report }
        for index in report.results.indices {
            let result = report.results[index]
            var kept: [Finding] = []
            var suppressed = result.suppressed ?? []
            for finding in result.findings {
                if let suppression = active.first(where: { $0.matches(finding, in: result) }) {
                    suppressed.append(SuppressedFinding(rule: finding.rule, fingerprint: finding.fingerprint,
                                                        resource: suppression.resource, reason: suppression.reason,
                                                        expires: suppression.expires))
                } else {
                    kept.append(finding)
                }
            }
            report.results[index].findings = kept
            report.results[index].suppressed = suppressed.isEmpty ? nil : suppressed
        }
        report.notices = notices.isEmpty ? nil : notices
        return report
    }

    /// Today's date in UTC, `YYYY-MM-DD`.
    public static func today(_ date: Date = Date()) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd"
        return formatter.string(from: date)
    }
}
