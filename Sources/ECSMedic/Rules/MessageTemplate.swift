/// Fills a rule's message template. Placeholders: `{target}` what cannot be reached, `{subnets}` the affected
/// subnets, `{affected}` how many of them, `{resource}` the blocking resource, `{reason}` what blocks, `{vpc}`;
/// for permissions `{role}`, `{actions}` (action on resource), `{layer}` the deciding layers; `{detail}` for
/// references; `{container}` the container a task definition or after-start issue is about; `{logged}` what the
/// container logged about the destination (` — container app logged ...`, empty when its log says nothing of it);
/// `{value}` the values a fact condition matched.
struct MessageTemplate {
    static let placeholders: Set<String> = [
        "target", "subnets", "affected", "resource", "reason", "vpc", "role", "actions", "layer", "detail", "container",
        "logged", "value",
    ]

    let text: String

    init(_ text: String) {
        self.text = text
    }

    func render(_ match: FindingMatch, _ context: DiagnosisContext) -> String {
        let total = Set(context.verdicts.map(\.subnetId)).count
        let role = (match.permissions.first?.roleArn ?? match.trust.first?.roleArn ?? match.overbroad.first?.roleArn)
            .map(PermissionEngine.roleName) ?? ""
        let actions: [String] = Self.unique(match.permissions.map { "\($0.call.action) on \($0.call.resource)" }
            + match.overbroad.flatMap(\.probeActions).map { "\($0) on resources the task does not use" })
        let layers: [String] = Self.unique(match.permissions.flatMap(\.decidingLayers).map(PermissionEvidence.describe))
        let details: [String] = match.problems.map { "\($0.usage): \($0.detail)" }
        let values: [String: String] = [
            "target": match.needs.map(\.displayName).joined(separator: ", "),
            "subnets": match.subnets.joined(separator: ", "),
            "affected": "\(match.subnets.count) of \(total) subnet\(total == 1 ? "" : "s")",
            "resource": match.blockingResource,
            "reason": match.issue?.detail ?? match.afterStart?.detail ?? match.decidingHop?.detail ?? "",
            "vpc": context.vpcId ?? "the VPC",
            "container": match.issue?.container ?? match.afterStart?.container ?? match.facts?.containerText ?? "",
            "value": match.facts?.valueText ?? "",
            "logged": context.logJoins(for: match).first.map { join in
                " — container \(join.container) logged that its connection to \(join.port.map { "\(join.destination.host):\($0)" } ?? join.destination.host) \(join.failure)"
            } ?? "",
            "role": role,
            "actions": actions.joined(separator: ", "),
            "layer": layers.joined(separator: " and "),
            "detail": details.joined(separator: "; "),
        ]
        var result = text.trimmingCharacters(in: .whitespacesAndNewlines)
        for (name, value) in values {
            result = result.replacingOccurrences(of: "{\(name)}", with: value)
        }
        return result
    }

    private static func unique(_ items: [String]) -> [String] {
        items.reduce(into: []) { if !$0.contains($1) { $0.append($1) } }
    }
}
