/// Classifies why an ECS task stopped into a category of design.md §6, offline: from a pasted message
/// (`ecs-medic explain`) or from a stopped task's stop code, stopped reason and containers (`diagnose`).
///
/// Matching is by words on a lowercased, punctuation-folded copy of the message with a table of ordered patterns
/// (`StoppedReasonPatterns`), in time linear in the message; messages longer than 64 KiB are cut.
public struct StoppedReasonClassifier: Sendable {
    public init() {}

    /// Classifies one message: a task's stopped reason, a container's reason or a service event.
    public func classify(_ message: String) -> StoppedReasonClassification {
        let text = ReasonText(message)
        let facts = ReasonFacts(text)
        return StoppedReasonClassification(category: StoppedReasonCatalog.category(Self.categoryId(text, facts)), facts: facts)
    }

    /// Classifies a stopped task: its stop code and stopped reason, then its containers' reasons and exit codes.
    ///
    /// A specific reason from the task or any container wins over the generic ones (`Essential container in task
    /// exited`, `Task stopped by user`); the stop code decides when no message is specific.
    public func classify(stopCode: String?, stoppedReason: String?, containers: [ContainerStop]) -> StoppedReasonClassification {
        if stopCode == "SpotInterruption" { return classify(stoppedReason ?? "", as: "spot-interruption") }

        let task = classify(stoppedReason ?? "")
        if !Self.generic.contains(task.category) { return task }
        for container in containers {
            guard let reason = container.reason else { continue }
            let classification = classify(reason)
            if !Self.generic.contains(classification.category) { return classification }
        }
        if stopCode == "EssentialContainerExited" || task.category == "container-exited",
           containers.contains(where: { $0.exitCode == 126 || $0.exitCode == 127 }) {
            // Docker's convention: 126 the command cannot be invoked, 127 it cannot be found.
            return classify(stoppedReason ?? "", as: "container-start-failed")
        }
        if task.category != "unknown" { return task }
        switch stopCode {
        case "UserInitiated": return classify(stoppedReason ?? "", as: "user-stopped")
        case "ServiceSchedulerInitiated": return classify(stoppedReason ?? "", as: "deployment-stopped")
        case "EssentialContainerExited": return classify(stoppedReason ?? "", as: "container-exited")
        case "TerminationNotice": return classify(stoppedReason ?? "", as: "deployment-stopped")
        default: return task
        }
    }

    /// Categories that say what happened but not why: a container's own reason, when specific, explains more.
    private static let generic: Set<String> = ["unknown", "container-exited", "user-stopped", "deployment-stopped"]

    private static let compiled = CompiledPatterns(StoppedReasonPatterns.table)

    private func classify(_ message: String, as category: String) -> StoppedReasonClassification {
        StoppedReasonClassification(category: StoppedReasonCatalog.category(category), facts: ReasonFacts(ReasonText(message)))
    }

    private static func categoryId(_ text: ReasonText, _ facts: ReasonFacts) -> String {
        if text.isBinary { return "unknown" }
        switch compiled.firstMatch(in: text.normalized) {
        case .category(let id): return id
        case .pullUnreachable: return RegistryKind.isECR(text, image: facts.resource) ? "ecr-unreachable" : "registry-unreachable"
        case .secretsUnreadable: return facts.retries == 1 ? "secrets-access-denied" : "secrets-unreachable"
        case nil: return "unknown"
        }
    }
}
