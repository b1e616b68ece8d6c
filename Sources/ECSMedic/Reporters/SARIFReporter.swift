import AWSClient
import Foundation

/// SARIF 2.1.0 for code scanning (GitHub, GitLab): one run, the enabled rules as `tool.driver.rules`, one result
/// per finding with its level, message, a location and `partialFingerprints` from the finding's fingerprint.
/// Code scanning rejects results without a location, so a finding that is not about a task definition file
/// points at a stable artifact URI for the service: `ecs/<account>/<region>/<cluster>/<service>`.
public struct SARIFReporter: Sendable {
    public static let schema = "https://json.schemastore.org/sarif-2.1.0.json"
    public static let informationUri = "https://github.com/ecs-medic/ecs-medic"

    public var rules: [Rule]
    /// The task definition file `check` read: results about it point at the line of the field that causes them.
    public var taskDefinitionFile: TaskDefinitionFile?
    /// With a baseline, each result says whether it is `new` or `unchanged`.
    public var baseline: Baseline?

    public init(rules: [Rule], taskDefinitionFile: TaskDefinitionFile? = nil, baseline: Baseline? = nil) {
        self.rules = rules
        self.taskDefinitionFile = taskDefinitionFile
        self.baseline = baseline
    }

    public func render(_ report: Report) throws -> String {
        var driverRules = rules.sorted { $0.id < $1.id }
        for finding in report.findings where !driverRules.contains(where: { $0.id == finding.rule }) {
            if let rule = rules.first(where: { $0.id == finding.rule }) { driverRules.append(rule) }
        }
        let indices = Dictionary(driverRules.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        var results: [JSONValue] = []
        for result in report.results {
            for finding in result.findings {
                results.append(self.result(finding, in: result, ruleIndex: indices[finding.rule]))
            }
        }
        var run: [String: JSONValue] = [
            "tool": .object(["driver": .object([
                "name": .string("ecs-medic"),
                "version": .string(report.tool.version),
                "semanticVersion": .string(report.tool.version),
                "informationUri": .string(Self.informationUri),
                "rules": .array(driverRules.map(descriptor)),
            ])]),
            "results": .array(results),
            "columnKind": .string("unicodeCodePoints"),
        ]
        let unaudited = report.unauditedAccounts ?? []
        if !(report.notices ?? []).isEmpty || !unaudited.isEmpty {
            let notifications: [JSONValue] = unaudited.map {
                .object(["level": .string("error"), "message": .object(["text": .string("not audited: \($0.line)")])])
            } + (report.notices ?? []).map { .object(["level": .string("warning"), "message": .object(["text": .string($0)])]) }
            run["invocations"] = .array([.object([
                "executionSuccessful": .bool(unaudited.isEmpty),
                "toolExecutionNotifications": .array(notifications),
            ])])
        }
        let log: JSONValue = .object([
            "$schema": .string(Self.schema),
            "version": .string("2.1.0"),
            "runs": .array([.object(run)]),
        ])
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(log), as: UTF8.self) + "\n"
    }

    private func descriptor(_ rule: Rule) -> JSONValue {
        let rationale = rule.rationale.trimmingCharacters(in: .whitespacesAndNewlines)
        let help = rationale + (rule.fixes.isEmpty ? "" : "\n\nFixes offered: \(rule.fixes.joined(separator: ", ")).")
            + "\n\nMore: ecs-medic rules show \(rule.id)"
        var descriptor: [String: JSONValue] = [
            "id": .string(rule.id),
            "name": .string(rule.id.split(separator: "-").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()),
            "shortDescription": .object(["text": .string(rule.title)]),
            "fullDescription": .object(["text": .string(rationale.replacingOccurrences(of: "\n", with: " "))]),
            "help": .object(["text": .string(help)]),
            "defaultConfiguration": .object(["level": .string(Self.level(rule.severity))]),
            "properties": .object(["tags": .array([.string("ecs"), .string(rule.category)])]),
        ]
        // A built-in rule's file in the repository; a user rule (`--rules DIR`) has no public page.
        if rule.file == "rules/\(rule.id).yaml" {
            descriptor["helpUri"] = .string("\(Self.informationUri)/blob/main/rules/\(rule.id).yaml")
        }
        return .object(descriptor)
    }

    private func result(_ finding: Finding, in result: DiagnosisResult, ruleIndex: Int?) -> JSONValue {
        var physical: [String: JSONValue]
        if let file = taskDefinitionFile {
            physical = [
                "artifactLocation": .object(["uri": .string(Self.uri(forPath: file.path))]),
                "region": .object(["startLine": .number(Double(file.line(of: finding.taskDefinitionField)))]),
            ]
        } else {
            physical = ["artifactLocation": .object(["uri": .string(Self.uri(for: result.target))])]
        }
        var members: [String: JSONValue] = [
            "ruleId": .string(finding.rule),
            "level": .string(Self.level(finding.severity)),
            "message": .object(["text": .string("\(finding.title): \(finding.message)")]),
            "locations": .array([.object(["physicalLocation": .object(physical)])]),
            "partialFingerprints": .object(["ecsMedicFingerprint/v1": .string(finding.fingerprint)]),
            "properties": .object([
                "resources": .array(finding.resources.map(JSONValue.string)),
                "target": .string(Self.uri(for: result.target)),
            ]),
        ]
        if let ruleIndex { members["ruleIndex"] = .number(Double(ruleIndex)) }
        if let baseline { members["baselineState"] = .string(baseline.isNew(finding, in: result) ? "new" : "unchanged") }
        return .object(members)
    }

    static func level(_ severity: Severity) -> String {
        switch severity {
        case .error: return "error"
        case .warning: return "warning"
        case .note: return "note"
        }
    }

    /// `ecs/<account>/<region>/<cluster>/<service or task definition family>`, stable across runs.
    public static func uri(for target: DiagnosisResult.Target) -> String {
        let subject = target.service ?? target.taskDefinition.map { reference in
            String(reference.split(separator: "/").last ?? Substring(reference))
        } ?? "task"
        return ["ecs", target.account ?? "unknown-account", target.region ?? "unknown-region", target.cluster ?? "default", subject]
            .map { $0.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/"))) ?? $0 }
            .joined(separator: "/")
    }

    /// A file path as a relative URI reference (as code scanning wants paths inside the repository).
    static func uri(forPath path: String) -> String {
        let relative = path.hasPrefix("./") ? String(path.dropFirst(2)) : path
        return relative.split(separator: "/", omittingEmptySubsequences: false)
            .map { String($0).addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? String($0) }
            .joined(separator: "/")
    }
}
