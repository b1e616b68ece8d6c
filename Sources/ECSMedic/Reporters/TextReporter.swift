/// What an on-call engineer reads at 3 a.m.: the target and how it stopped, then each finding as the cause in
/// one line, the evidence chain and the fix; facts that could not be verified last.
public struct TextReporter: Sendable {
    public var color: Bool
    /// Print every network verdict as a path (`--path`).
    public var showPaths: Bool

    public init(color: Bool, showPaths: Bool = false) {
        self.color = color
        self.showPaths = showPaths
    }

    public func render(_ report: Report) -> String {
        report.results.map(render).joined(separator: "\n")
    }

    func render(_ result: DiagnosisResult) -> String {
        var lines: [String] = []
        let target = result.target
        lines.append(bold("\(target.title) — \(target.location)"))
        if result.tasksAgedOut {
            lines.append("no stopped task left (ECS keeps them about an hour): checked the service's current configuration, events and deployment")
        }
        if let stop = result.stoppedReason {
            lines.append(result.tasksAgedOut ? "deployment: \(stop.text ?? "")" : "stopped: \(stop.line)")
            if let category = stop.category {
                lines.append("category: \(category)\(stop.explanation.map { " (\($0))" } ?? "")")
            }
        }
        lines.append("")
        if result.findings.isEmpty {
            lines.append(paint("No problems found", code: "32") + (result.unverified.isEmpty ? "." : " in what could be verified."))
        }
        for finding in result.findings {
            lines.append(severityLabel(finding.severity) + " " + bold(finding.rule) + ": " + finding.title)
            lines.append("  " + finding.message)
            lines.append("  evidence:")
            for (index, evidence) in finding.evidence.enumerated() {
                lines.append("    \(index + 1). \(evidence.fact)  [\(evidence.source)]")
            }
            for fix in finding.fixes {
                let label = fix.verified.map { $0 ? " (verified)" : " (not proven)" } ?? ""
                lines.append("  fix: \(fix.summary)\(label)")
                if let cli = fix.awsCli {
                    lines += cli.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }
                }
            }
            lines.append("")
        }
        if showPaths, !result.verdicts.isEmpty {
            lines.append(bold("network paths:"))
            for verdict in result.verdicts {
                lines.append("  \(verdict.need.displayName) from \(verdict.subnetId): \(verdict.outcome.rawValue)")
                lines.append("    " + PathLine(verdict).text)
                if let hop = verdict.decidingHop {
                    lines.append("    \(hop.passes == false ? "blocked" : "not visible") at \(hop.resource): \(hop.detail)")
                }
            }
            lines.append("")
        }
        if !result.unverified.isEmpty {
            lines.append(bold("unverified") + " (not checked, so not reported as a problem):")
            for fact in result.unverified {
                lines.append("  - \(fact.fact): \(fact.reason)\(fact.permission.map { " (needs \($0))" } ?? "")")
            }
            lines.append("")
        }
        let counts = Severity.allCases.reversed().map { severity in
            let count = result.findings.filter { $0.severity == severity }.count
            return "\(count) \(severity.rawValue)\(count == 1 ? "" : "s")"
        }
        lines.append(counts.joined(separator: ", ") + (result.unverified.isEmpty ? "" : ", \(result.unverified.count) unverified"))
        return lines.joined(separator: "\n") + "\n"
    }

    private func severityLabel(_ severity: Severity) -> String {
        switch severity {
        case .error: return paint("ERROR", code: "1;31")
        case .warning: return paint("WARNING", code: "1;33")
        case .note: return paint("NOTE", code: "1;36")
        }
    }

    private func bold(_ text: String) -> String { paint(text, code: "1") }

    private func paint(_ text: String, code: String) -> String {
        color ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }
}
