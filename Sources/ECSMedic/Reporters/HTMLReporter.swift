/// One self-contained HTML file an on-call engineer can attach to an incident: per target the cause first (how the
/// task stopped, its category, whether the findings explain it), then each finding with its evidence chain, its
/// network paths drawn as SVG, its IAM decisions by policy layer and its fixes in every form with copy buttons;
/// for several targets (an audit) a table of every service that sorts and filters in the browser. It loads nothing:
/// the style sheet and script are inline and admitted by hash through a Content-Security-Policy that forbids the
/// rest. Every value from AWS is escaped, and the bytes are the same for the same report.
public struct HTMLReporter: Sendable {
    /// With a baseline, each finding says whether it is new.
    public var baseline: Baseline?
    /// Draw every network verdict of each target, not only those behind findings (`--path`).
    public var showPaths: Bool

    public init(baseline: Baseline? = nil, showPaths: Bool = false) {
        self.baseline = baseline
        self.showPaths = showPaths
    }

    public func render(_ report: Report) -> String {
        var html = """
        <!DOCTYPE html>
        <html lang="en" data-ready="0">
        <head>
        <meta charset="utf-8">
        <meta http-equiv="Content-Security-Policy" content="\(HTMLAssets.contentSecurityPolicy)">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="generator" content="ecs-medic \(MarkupText.escape(report.tool.version))">
        <title>\(MarkupText.escape(title(of: report)))</title>
        <style>\(HTMLAssets.style)</style>
        </head>
        <body>
        <header>
        <h1>ecs-medic report</h1>
        <p class="counts">\(MarkupText.escape(summary(of: report)))</p>
        </header>

        """
        if let unaudited = report.unauditedAccounts {
            html += "<section class=\"notices unaudited\"><h2>Not audited</h2><ul>\n"
                + unaudited.map { "<li data-account=\"\(MarkupText.escape($0.account))\">\(MarkupText.escape($0.line))</li>\n" }.joined()
                + "</ul></section>\n"
        }
        if let notices = report.notices, !notices.isEmpty {
            html += "<section class=\"notices\"><h2>Notices</h2><ul>\n"
                + notices.map { "<li>\(MarkupText.escape($0))</li>\n" }.joined() + "</ul></section>\n"
        }
        if report.results.count > 1 { html += ServiceTable(results: report.results, accountPrefix: report.accountPrefix).html() }
        html += "<main>\n"
        for (index, result) in report.results.enumerated() {
            html += render(result, id: "r\(index + 1)")
        }
        html += "</main>\n"
        html += "<footer>Written by ecs-medic \(MarkupText.escape(report.tool.version)). This file is self-contained: it loads nothing from the network.</footer>\n"
        html += "<script>\(HTMLAssets.script)</script>\n</body>\n</html>\n"
        return html
    }

    private func title(of report: Report) -> String {
        if report.results.count == 1, let result = report.results.first {
            return "ecs-medic: \(result.target.title) — \(Self.counts(result.findings))"
        }
        return "ecs-medic: \(report.results.count) targets — \(Self.counts(report.findings))"
    }

    private func summary(of report: Report) -> String {
        let affected = report.results.filter { !$0.findings.isEmpty }.count
        let unverified = report.results.reduce(0) { $0 + $1.unverified.count }
        return "\(affected) of \(report.results.count) target\(report.results.count == 1 ? "" : "s") with findings; "
            + Self.counts(report.findings) + (unverified == 0 ? "" : ", \(unverified) unverified")
    }

    static func counts(_ findings: [Finding]) -> String {
        Severity.allCases.reversed().map { severity in
            let count = findings.filter { $0.severity == severity }.count
            return "\(count) \(severity.rawValue)\(count == 1 ? "" : "s")"
        }.joined(separator: ", ")
    }

    private func render(_ result: DiagnosisResult, id: String) -> String {
        let target = result.target
        var html = "<article class=\"result\" id=\"\(id)\">\n"
        html += "<h2>\(MarkupText.escape(target.title)) <span class=\"muted\">— \(MarkupText.escape(target.location))</span></h2>\n"
        html += cause(of: result, id: id)
        html += "<p class=\"counts\">\(MarkupText.escape(Self.counts(result.findings)))\(result.unverified.isEmpty ? "" : ", \(result.unverified.count) unverified")</p>\n"
        if result.findings.isEmpty {
            html += "<p class=\"clean\">No problems found\(result.unverified.isEmpty ? "." : " in what could be verified.")</p>\n"
        }
        for (index, finding) in result.findings.enumerated() {
            html += render(finding, in: result, id: "\(id)-f\(index + 1)")
        }
        if showPaths, !result.verdicts.isEmpty {
            html += "<section class=\"paths\"><h3>Network paths</h3>\n"
            html += result.verdicts.map { PathDiagram(verdict: $0).html() }.joined()
            html += "</section>\n"
        }
        if !result.unverified.isEmpty {
            html += "<section class=\"unverified\"><h3>Unverified</h3><p class=\"muted\">Not checked, so not reported as a problem.</p><ul>\n"
            for fact in result.unverified {
                html += "<li>\(MarkupText.escape(fact.fact)): \(MarkupText.escape(fact.reason))"
                    + (fact.permission.map { " (needs <code>\(MarkupText.escape($0))</code>)" } ?? "") + "</li>\n"
            }
            html += "</ul></section>\n"
        }
        if let suppressed = result.suppressed, !suppressed.isEmpty {
            html += "<section class=\"suppressed\"><h3>Suppressed</h3><ul>\n"
            for entry in suppressed {
                html += "<li><code>\(MarkupText.escape(entry.rule))</code> on <code>\(MarkupText.escape(entry.resource))</code>: \(MarkupText.escape(entry.reason))"
                    + (entry.expires.map { " (until \(MarkupText.escape($0)))" } ?? "") + "</li>\n"
            }
            html += "</ul></section>\n"
        }
        return html + "</article>\n"
    }

    /// How the task stopped and whether the findings explain it, with links to the findings that do.
    private func cause(of result: DiagnosisResult, id: String) -> String {
        guard let stop = result.stoppedReason else {
            return result.tasksAgedOut ? "<section class=\"cause healthy\"><p>\(Self.agedOut)</p></section>\n" : ""
        }
        var html = "<section class=\"cause\" aria-label=\"cause\"><h3>Cause</h3>\n"
        if result.tasksAgedOut { html += "<p>\(Self.agedOut)</p>\n" }
        let label = result.tasksAgedOut ? "deployment" : "stopped"
        html += "<p><strong>\(label):</strong> " + (stop.stopCode.map { "<code>\(MarkupText.escape($0))</code> " } ?? "")
            + "<span class=\"reason\">\(MarkupText.escape(stop.text ?? ""))</span></p>\n"
        if let id = stop.category {
            let category = StoppedReasonCatalog.category(id)
            html += "<p><strong>category:</strong> <code>\(MarkupText.escape(id))</code> — \(MarkupText.escape(category.title))</p>\n"
        }
        switch stop.explainedByFacts {
        case true?:
            let rules = stop.explainingRules
            let links = result.findings.enumerated().filter { rules.contains($0.element.rule) }
                .map { "<a href=\"#\(id)-f\($0.offset + 1)\"><code>\(MarkupText.escape($0.element.rule))</code></a>" }
            html += "<p class=\"explained yes\">Explained by the findings below: \(links.joined(separator: ", ")).</p>\n"
        case false?:
            html += "<p class=\"explained no\">Not explained by the current facts: the configuration may have changed since the task stopped.</p>\n"
        case nil:
            break
        }
        return html + "</section>\n"
    }

    /// Paths drawn open per finding; the rest (other subnets, other services behind the same hop) fold away.
    private static let pathsShown = 2

    private static let agedOut = "No stopped task left (ECS keeps them about an hour): checked the service's current configuration, events and deployment."

    private func render(_ finding: Finding, in result: DiagnosisResult, id: String) -> String {
        let severity = finding.severity.rawValue
        var html = "<article class=\"finding \(severity)\" id=\"\(id)\" data-rule=\"\(MarkupText.escape(finding.rule))\" data-severity=\"\(severity)\">\n"
        let explains = result.stoppedReason?.explainedByFacts == true
            && (result.stoppedReason?.explainingRules.contains(finding.rule) ?? false)
        let state = baseline.map { $0.isNew(finding, in: result) ? " <span class=\"badge new\">new</span>" : " <span class=\"badge known\">in baseline</span>" } ?? ""
        html += "<h3><span class=\"badge \(severity)\">\(severity)</span> <code>\(MarkupText.escape(finding.rule))</code> \(MarkupText.escape(finding.title))"
            + (explains ? " <span class=\"badge explains\">explains the stop</span>" : "") + state + "</h3>\n"
        html += "<p class=\"message\">\(MarkupText.escape(finding.message))</p>\n"
        if !finding.resources.isEmpty {
            html += "<p class=\"resources\">Resources: " + finding.resources.enumerated().map { index, resource in
                "<code\(index == 0 ? " class=\"blocking\" title=\"the blocking resource\"" : "")>\(MarkupText.escape(resource))</code>"
            }.joined(separator: " ") + "</p>\n"
        }
        if !finding.evidence.isEmpty {
            html += "<h4>Evidence</h4>\n<ol class=\"evidence\">\n"
            for evidence in finding.evidence {
                html += "<li>\(MarkupText.escape(evidence.fact)) <span class=\"source\">[\(MarkupText.escape(evidence.source))]</span></li>\n"
            }
            html += "</ol>\n"
        }
        if !finding.paths.isEmpty {
            html += "<h4>Network path</h4>\n" + finding.paths.prefix(Self.pathsShown).map { PathDiagram(verdict: $0).html() }.joined()
            if finding.paths.count > Self.pathsShown {
                let more = finding.paths.count - Self.pathsShown
                html += "<details class=\"more-paths\"><summary>\(more) more path\(more == 1 ? "" : "s")</summary>\n"
                    + finding.paths.dropFirst(Self.pathsShown).map { PathDiagram(verdict: $0).html() }.joined() + "</details>\n"
            }
        }
        if !finding.permissions.isEmpty {
            html += "<h4>IAM decision by layer</h4>\n" + finding.permissions.map { PolicyLayerTable(verdict: $0).html() }.joined()
        }
        if !finding.fixes.isEmpty {
            html += "<h4>Fix</h4>\n"
            for (index, fix) in finding.fixes.enumerated() {
                html += render(fix, id: "\(id)-x\(index + 1)")
            }
        }
        return html + "</article>\n"
    }

    private func render(_ fix: Fix, id: String) -> String {
        let proof = fix.verified.map { $0 ? " <span class=\"verified\">verified</span>" : " <span class=\"unproven\">not proven</span>" } ?? ""
        var html = "<div class=\"fix\" data-fix=\"\(MarkupText.escape(fix.id))\">\n<p>\(MarkupText.escape(fix.summary))\(proof)</p>\n"
        let forms: [(String, String, String?)] = [
            ("cli", "AWS CLI", fix.awsCli),
            ("iam", "IAM policy", fix.iamPolicy.map(FixPlan.pretty)),
            ("terraform", "Terraform", fix.terraform),
            ("cloudformation", "CloudFormation", fix.cloudformation),
        ]
        for (key, label, text) in forms {
            guard let text, !text.isEmpty else { continue }
            let codeId = "\(id)-\(key)"
            html += "<details class=\"form \(key)\"\(key == "cli" ? " open" : "")><summary>\(label)</summary><div class=\"code\">"
                + "<button type=\"button\" class=\"copy\" data-copy=\"\(codeId)\" hidden>Copy</button>"
                + "<pre id=\"\(codeId)\"><code>\(MarkupText.escape(text))</code></pre></div></details>\n"
        }
        return html + "</div>\n"
    }
}
