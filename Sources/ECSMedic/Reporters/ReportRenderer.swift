/// Renders a report in the format the user chose (`--format`), with what each format needs.
public struct ReportRenderer: Sendable {
    public enum Format: String, Sendable, CaseIterable {
        case text, json, markdown, sarif, junit, html
    }

    public var format: Format
    /// The enabled rules (SARIF's rule descriptors, JUnit's test cases).
    public var rules: [Rule]
    public var failOn: Severity?
    public var baseline: Baseline?
    public var taskDefinitionFile: TaskDefinitionFile?
    public var color = false
    public var showPaths = false

    public init(format: Format, rules: [Rule], failOn: Severity?, baseline: Baseline? = nil,
                taskDefinitionFile: TaskDefinitionFile? = nil, color: Bool = false, showPaths: Bool = false) {
        self.format = format
        self.rules = rules
        self.failOn = failOn
        self.baseline = baseline
        self.taskDefinitionFile = taskDefinitionFile
        self.color = color
        self.showPaths = showPaths
    }

    public func render(_ report: Report) throws -> String {
        switch format {
        case .text:
            var text = TextReporter(color: color, showPaths: showPaths).render(report)
            if let unaudited = report.unauditedAccounts {
                text += "\nnot audited (could not be collected, so nothing is reported about them):\n"
                    + unaudited.map { "  - \($0.line)\n" }.joined()
            }
            if let notices = report.notices, !notices.isEmpty {
                text += "\n" + notices.map { "notice: \($0)\n" }.joined()
            }
            return text
        case .json: return try report.json()
        case .markdown: return MarkdownReporter(baseline: baseline).render(report)
        case .sarif: return try SARIFReporter(rules: rules, taskDefinitionFile: taskDefinitionFile, baseline: baseline).render(report)
        case .junit: return JUnitReporter(rules: rules, failOn: failOn, baseline: baseline).render(report)
        case .html: return HTMLReporter(baseline: baseline, showPaths: showPaths).render(report)
        }
    }
}
