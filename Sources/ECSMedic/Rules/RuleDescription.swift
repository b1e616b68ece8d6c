/// The text `ecs-medic rules show ID` prints: what the rule checks, why it matters, how it is fixed, its examples.
public struct RuleDescription: Sendable {
    public let rule: Rule

    public init(rule: Rule) {
        self.rule = rule
    }

    public var text: String {
        var lines = ["\(rule.id) (\(rule.severity.rawValue), \(rule.category))", rule.title, ""]
        lines.append(rule.rationale.trimmingCharacters(in: .whitespacesAndNewlines))
        lines.append("")
        switch rule.condition {
        case .path(let needs, let outcome, let kinds):
            lines.append("fires when: the path to \(needs.joined(separator: " or ")) is \(outcome.rawValue) at \(kinds.map(\.rawValue).joined(separator: " or "))")
        case .taskDefinition(let check):
            lines.append("fires when: the task definition check \(check.rawValue) finds an issue")
        case .permission(let roles, let layers, let grantedToTaskRole):
            lines.append("fires when: the \(roles.map(\.rawValue).joined(separator: " or ")) role is denied a call the agent makes, decided by \(layers.map(\.rawValue).joined(separator: " or "))"
                + (grantedToTaskRole.map { $0 ? ", and the task role would be allowed" : ", and the task role would not be allowed either" } ?? ""))
        case .overbroad(let actions):
            lines.append("fires when: one policy on the execution role allows \(actions.joined(separator: " or ")) on resources the task does not use")
        case .trust(let roles):
            lines.append("fires when: the \(roles.map(\.rawValue).joined(separator: " or ")) role does not trust ecs-tasks.amazonaws.com")
        case .reference(let kinds):
            lines.append("fires when: a valueFrom is \(kinds.map(\.rawValue).joined(separator: " or "))")
        case .afterStart(let check):
            lines.append("fires when: the after-start check \(check.rawValue) finds an issue (logs, exit codes, memory, health checks)")
        case .facts(let condition):
            lines.append("fires when: the facts hold \(condition.summary)")
        case .warning(let needs, let kinds):
            lines.append("fires when: the path to \(needs.joined(separator: " or ")) passes a \(kinds.map(\.rawValue).joined(separator: " or ")) hop with a warning")
        }
        if !rule.explains.isEmpty { lines.append("explains: \(rule.explains.joined(separator: ", "))") }
        if !rule.fixes.isEmpty { lines.append("fixes: \(rule.fixes.joined(separator: ", "))") }
        lines.append(rule.examples.isEmpty ? "examples: none (untested)" : "examples:")
        for example in rule.examples {
            lines.append("  \(example.fires ? "fires on" : "near miss:") \(example.fixture)\(example.resource.map { " (\($0))" } ?? "")")
        }
        lines.append("file: \(rule.file)")
        return lines.joined(separator: "\n")
    }
}
