/// JUnit XML for CI test reports (GitLab, Jenkins): one test suite per service, one test case per service ×
/// enabled rule (`classname` `ecs-medic.<cluster>.<service>`, `name` the rule id). A rule with a finding that
/// fails the gate is a failure; a finding below `--fail-on` or already in the baseline passes with the finding
/// in `system-out`; a suppressed one is skipped.
public struct JUnitReporter: Sendable {
    public var rules: [Rule]
    public var failOn: Severity?
    public var baseline: Baseline?

    public init(rules: [Rule], failOn: Severity?, baseline: Baseline? = nil) {
        self.rules = rules
        self.failOn = failOn
        self.baseline = baseline
    }

    public func render(_ report: Report) -> String {
        var suites: [String] = []
        var totals = (tests: 0, failures: 0, skipped: 0)
        for result in report.results {
            let name = report.accountPrefix(result.target) + Self.name(of: result.target)
            let ruleIds = Set(rules.map(\.id) + result.findings.map(\.rule) + (result.suppressed ?? []).map(\.rule)).sorted()
            var cases: [String] = []
            var failures = 0, skipped = 0
            for rule in ruleIds {
                let findings = result.findings.filter { $0.rule == rule }
                let gating = findings.filter { finding in
                    failOn.map { finding.severity >= $0 } == true && (baseline?.isNew(finding, in: result) ?? true)
                }
                let opening = "    <testcase classname=\"\(MarkupText.escape("ecs-medic.\(name.replacingOccurrences(of: "/", with: "."))"))\" name=\"\(MarkupText.escape(rule))\""
                if let first = gating.first {
                    failures += 1
                    cases.append(opening + ">\n      <failure type=\"\(first.severity.rawValue)\" message=\"\(MarkupText.escape(first.title))\">"
                                 + MarkupText.escape(describe(gating)) + "</failure>\n    </testcase>")
                } else if !findings.isEmpty {
                    cases.append(opening + ">\n      <system-out>" + MarkupText.escape(describe(findings)) + "</system-out>\n    </testcase>")
                } else if let suppression = result.suppressed?.first(where: { $0.rule == rule }) {
                    skipped += 1
                    cases.append(opening + ">\n      <skipped message=\"\(MarkupText.escape("suppressed: \(suppression.reason)"))\"/>\n    </testcase>")
                } else {
                    cases.append(opening + "/>")
                }
            }
            totals.tests += ruleIds.count
            totals.failures += failures
            totals.skipped += skipped
            var suite = "  <testsuite name=\"\(MarkupText.escape(name))\" tests=\"\(ruleIds.count)\" failures=\"\(failures)\" errors=\"0\" skipped=\"\(skipped)\">\n"
            suite += cases.map { $0 + "\n" }.joined()
            if !result.unverified.isEmpty {
                let lines = result.unverified.map { "unverified: \($0.fact): \($0.reason)\($0.permission.map { " (needs \($0))" } ?? "")" }
                suite += "    <system-out>" + MarkupText.escape(lines.joined(separator: "\n")) + "</system-out>\n"
            }
            suites.append(suite + "  </testsuite>\n")
        }
        // An account-region that could not be collected is one test case in error.
        var errors = 0
        for unaudited in report.unauditedAccounts ?? [] {
            let name = "\(unaudited.account)/\(unaudited.region ?? "all-regions")"
            errors += 1
            totals.tests += 1
            suites.append("  <testsuite name=\"\(MarkupText.escape(name))\" tests=\"1\" failures=\"0\" errors=\"1\" skipped=\"0\">\n"
                + "    <testcase classname=\"\(MarkupText.escape("ecs-medic.\(name.replacingOccurrences(of: "/", with: "."))"))\" name=\"collection\">\n"
                + "      <error type=\"not-audited\" message=\"\(MarkupText.escape(unaudited.reason))\">\(MarkupText.escape(unaudited.line))</error>\n"
                + "    </testcase>\n  </testsuite>\n")
        }
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            + "<testsuites name=\"ecs-medic\" tests=\"\(totals.tests)\" failures=\"\(totals.failures)\" errors=\"\(errors)\" skipped=\"\(totals.skipped)\">\n"
            + suites.joined() + "</testsuites>\n"
    }

    private func describe(_ findings: [Finding]) -> String {
        findings.map { finding in
            "[\(finding.severity.rawValue)] \(finding.message)\nresources: \(finding.resources.joined(separator: ", "))\nfingerprint: \(finding.fingerprint)"
        }.joined(separator: "\n\n")
    }

    /// `cluster/service`, or `cluster/task-definition` for a checked file.
    static func name(of target: DiagnosisResult.Target) -> String {
        let subject = target.service ?? target.taskDefinition.map { String($0.split(separator: "/").last ?? Substring($0)) } ?? "task"
        return "\(target.cluster ?? "default")/\(subject)"
    }
}
