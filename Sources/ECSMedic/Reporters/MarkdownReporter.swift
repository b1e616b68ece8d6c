/// A Markdown summary for a pull request or a wiki page: a table with one row per service, then under each service
/// with findings how its task stopped and each finding with its evidence chain, then notices and unverified facts.
public struct MarkdownReporter: Sendable {
    public var baseline: Baseline?

    public init(baseline: Baseline? = nil) {
        self.baseline = baseline
    }

    public func render(_ report: Report) -> String {
        var lines = ["# ecs-medic report", ""]
        let affected = report.results.filter { !$0.findings.isEmpty }.count
        let total = report.findings.count
        lines.append("\(affected) of \(report.results.count) target\(report.results.count == 1 ? "" : "s") with findings, \(total) finding\(total == 1 ? "" : "s") in all.")
        lines.append("")
        let accounts = report.spansAccounts
        lines.append("| |\(accounts ? " Account | Region |" : "") Cluster | Service | Errors | Warnings | Notes | Suppressed | Unverified |")
        lines.append("|---|\(accounts ? "---|---|" : "")---|---|---:|---:|---:|---:|---:|")
        for result in report.results {
            let count = { (severity: Severity) in result.findings.filter { $0.severity == severity }.count }
            let mark = count(.error) > 0 ? "❌" : count(.warning) > 0 ? "⚠️" : result.unverified.isEmpty ? "✅" : "❔"
            let location = accounts ? " \(cell(result.target.account ?? "?")) | \(cell(result.target.region ?? "?")) |" : ""
            lines.append("| \(mark) |\(location) \(cell(result.target.cluster ?? "default")) | \(cell(subject(result.target))) | \(count(.error)) | \(count(.warning)) | \(count(.note)) | \(result.suppressed?.count ?? 0) | \(result.unverified.count) |")
        }
        for result in report.results where !result.findings.isEmpty {
            lines.append("")
            lines.append("## \(escape(report.accountPrefix(result.target).replacingOccurrences(of: "/", with: " / ")))\(escape(result.target.cluster ?? "default")) / \(escape(subject(result.target)))")
            lines.append("")
            if let stop = result.stoppedReason {
                lines.append("**\(result.tasksAgedOut ? "deployment" : "stopped"):** \(escape(result.tasksAgedOut ? stop.text ?? "" : stop.line))")
                if let id = stop.category {
                    let title = StoppedReasonCatalog.category(id).title
                    lines.append("")
                    lines.append("**category:** `\(id)` — \(escape(title))\(stop.explanation.map { " (\($0))" } ?? "")")
                }
                lines.append("")
            }
            for finding in result.findings {
                let state = baseline.map { $0.isNew(finding, in: result) ? " **new**" : " (in baseline)" } ?? ""
                lines.append("- **\(finding.severity.rawValue)** `\(finding.rule)`\(state): \(escape(finding.title))")
                lines.append("  - \(escape(finding.message))")
                lines.append("  - resources: \(finding.resources.map { "`\($0)`" }.joined(separator: ", "))")
                if !finding.evidence.isEmpty {
                    lines.append("  - evidence:")
                    lines += finding.evidence.enumerated().map { "    \($0.offset + 1). \(escape($0.element.fact)) (`\($0.element.source)`)" }
                }
                if let fix = finding.fixes.first { lines.append("  - fix: \(escape(fix.summary))") }
            }
        }
        let unverified = report.results.flatMap { result in result.unverified.map { (subject(result.target), $0) } }
        if !unverified.isEmpty {
            lines.append("")
            lines.append("## Unverified")
            lines.append("")
            lines += unverified.map { "- \(escape($0.0)): \(escape($0.1.fact)): \(escape($0.1.reason))\($0.1.permission.map { " (needs `\($0)`)" } ?? "")" }
        }
        if let unaudited = report.unauditedAccounts {
            lines.append("")
            lines.append("## Not audited")
            lines.append("")
            lines += unaudited.map { "- \(escape($0.line))" }
        }
        if let notices = report.notices, !notices.isEmpty {
            lines.append("")
            lines.append("## Notices")
            lines.append("")
            lines += notices.map { "- \(escape($0))" }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private func subject(_ target: DiagnosisResult.Target) -> String {
        target.service ?? target.taskDefinition.map { String($0.split(separator: "/").last ?? Substring($0)) } ?? "task"
    }

    /// Table cells cannot hold `|` or line breaks.
    private func cell(_ text: String) -> String {
        escape(text).replacingOccurrences(of: "\n", with: " ")
    }

    private func escape(_ text: String) -> String {
        var escaped = ""
        for character in text {
            if "|*_`<>[]\\".contains(character) { escaped.append("\\") }
            escaped.append(character)
        }
        return escaped
    }
}
