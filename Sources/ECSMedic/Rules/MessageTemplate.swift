/// Fills a rule's message template. Placeholders: `{target}` what cannot be reached, `{subnets}` the affected
/// subnets, `{affected}` how many of them, `{resource}` the blocking resource, `{reason}` what blocks, `{vpc}`,
/// `{container}` the container a task definition issue is about.
struct MessageTemplate {
    static let placeholders: Set<String> = ["target", "subnets", "affected", "resource", "reason", "vpc", "container"]

    let text: String

    init(_ text: String) {
        self.text = text
    }

    func render(_ match: FindingMatch, _ context: DiagnosisContext) -> String {
        let total = Set(context.verdicts.map(\.subnetId)).count
        let values = [
            "target": match.needs.map(\.displayName).joined(separator: ", "),
            "subnets": match.subnets.joined(separator: ", "),
            "affected": "\(match.subnets.count) of \(total) subnet\(total == 1 ? "" : "s")",
            "resource": match.blockingResource,
            "reason": match.issue?.detail ?? match.decidingHop?.detail ?? "",
            "vpc": context.vpcId ?? "the VPC",
            "container": match.issue?.container ?? "",
        ]
        var result = text.trimmingCharacters(in: .whitespacesAndNewlines)
        for (name, value) in values {
            result = result.replacingOccurrences(of: "{\(name)}", with: value)
        }
        return result
    }
}
