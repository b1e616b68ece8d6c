/// The audit's table of every service: status, cluster, service, counts and rule ids, each row linking to its
/// section; the inline script sorts it by any column and filters it by text or to the services with findings.
struct ServiceTable {
    let results: [DiagnosisResult]
    /// Prefixes a result's cluster with its account and region (empty in a report of one account-region).
    var accountPrefix: (DiagnosisResult.Target) -> String = { _ in "" }

    private static let columns: [(key: String, label: String, numeric: Bool)] = [
        ("status", "Status", true), ("cluster", "Cluster", false), ("service", "Service", false),
        ("errors", "Errors", true), ("warnings", "Warnings", true), ("notes", "Notes", true),
        ("unverified", "Unverified", true), ("suppressed", "Suppressed", true), ("rules", "Findings", false),
    ]

    func html() -> String {
        var html = "<section class=\"services\"><h2>Services</h2>\n"
        html += "<div class=\"controls\" id=\"controls\" hidden><label>Filter <input type=\"search\" id=\"filter\" placeholder=\"service, cluster or rule id\"></label>"
            + "<label><input type=\"checkbox\" id=\"only-findings\"> only with findings</label><span id=\"shown\" class=\"muted\"></span></div>\n"
        html += "<table id=\"services\"><thead><tr>"
        for column in Self.columns {
            let alignment = column.numeric && column.key != "status" ? " class=\"number\"" : ""
            html += "<th data-key=\"\(column.key)\"\(column.numeric ? " data-type=\"number\"" : "")\(alignment) aria-sort=\"none\">\(column.label)</th>"
        }
        html += "</tr></thead><tbody>\n"
        for (index, result) in results.enumerated() {
            let count = { (severity: Severity) in result.findings.filter { $0.severity == severity }.count }
            let (rank, status) = count(.error) > 0 ? (3, "error") : count(.warning) > 0 ? (2, "warning")
                : count(.note) > 0 ? (1, "note") : result.unverified.isEmpty ? (0, "clean") : (0, "unverified")
            let rules = result.findings.map(\.rule).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
            let id = "r\(index + 1)"
            html += "<tr data-findings=\"\(result.findings.count)\">"
            html += "<td data-key=\"status\" data-value=\"\(rank)\" class=\"status \(status)\">\(status)</td>"
            // In a report of several accounts the cluster cell says where: `111122223333/eu-west-1/prod`.
            html += "<td data-key=\"cluster\">\(MarkupText.escape(accountPrefix(result.target) + (result.target.cluster ?? "default")))</td>"
            html += "<td data-key=\"service\"><a href=\"#\(id)\">\(MarkupText.escape(result.target.title))</a></td>"
            for (key, value) in [("errors", count(.error)), ("warnings", count(.warning)), ("notes", count(.note)),
                                 ("unverified", result.unverified.count), ("suppressed", result.suppressed?.count ?? 0)] {
                html += "<td data-key=\"\(key)\" class=\"number\">\(value)</td>"
            }
            html += "<td data-key=\"rules\">" + rules.map { rule in
                let first = result.findings.firstIndex { $0.rule == rule } ?? 0
                return "<a href=\"#\(id)-f\(first + 1)\"><code>\(MarkupText.escape(rule))</code></a>"
            }.joined(separator: " ") + "</td></tr>\n"
        }
        return html + "</tbody></table></section>\n"
    }
}
