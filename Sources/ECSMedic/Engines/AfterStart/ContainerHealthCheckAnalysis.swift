/// A container health check whose command cannot run as written, which the task definition alone proves: the
/// exec form (`CMD`) given a whole shell command line as one element (Docker looks for an executable of that
/// name), shell operators as separate elements of the exec form (no shell reads them; the program gets `||` as an
/// argument), a form other than `CMD`, `CMD-SHELL` or `NONE` (Docker runs no check at all), or no command. ECS
/// returns no output of the checks (only `healthStatus` and the stopped reason), so a well-formed command that
/// fails — a binary the image may lack, a wrong port — is not concluded here.
struct ContainerHealthCheckAnalysis {
    let context: DiagnosisContext
    let task: ECSTask

    static let shellOperators: Set<String> = ["||", "&&", "|", ";", ">", ">>", "<", "2>&1", "&"]

    func issues() -> [AfterStartIssue] {
        guard let definition = context.taskDefinition else { return [] }
        let resource = definition.taskDefinitionArn ?? definition.family ?? "task definition"
        var issues: [AfterStartIssue] = []
        for (index, container) in definition.containerDefinitions.enumerated() {
            guard let check = container.healthCheck, let problem = Self.problem(of: check.command) else { continue }
            var evidence = [Evidence(fact: "container \(container.name)'s healthCheck.command is \(Self.literal(check.command))",
                                     resource: resource, source: "ecs:DescribeTaskDefinition")]
            if let status = task.containers?.first(where: { $0.name == container.name })?.healthStatus, status != "HEALTHY" {
                evidence.append(Evidence(fact: "ECS reports container \(container.name) \(status)", resource: task.taskArn,
                                         source: "ecs:DescribeTasks"))
            }
            if let reason = task.stoppedReason, reason.lowercased().contains("failed container health checks") {
                evidence.append(Evidence(fact: "the task was stopped: \(reason)", resource: task.taskArn, source: "ecs:DescribeTasks"))
            }
            if let event = context.service?.events?.first(where: {
                $0.meaning.kind == .failedContainerHealthChecks && $0.meaning.tasks.contains(task.id)
            }) {
                evidence.append(Evidence(fact: "service event at \(event.createdAt ?? "?"): \(event.message ?? "")",
                                         resource: context.service?.serviceArn ?? context.service?.serviceName ?? resource,
                                         source: "ecs:DescribeServices"))
            }
            issues.append(AfterStartIssue(check: .containerHealthCheck, resource: resource,
                                          detail: "the health check of container \(container.name) cannot run as written: \(problem)",
                                          container: container.name, field: "containerDefinitions[\(index)].healthCheck.command",
                                          evidence: evidence))
        }
        return issues
    }

    /// What is wrong with a health check command's form, or nil when it is well formed (which does not mean it
    /// passes).
    static func problem(of command: [String]) -> String? {
        guard let form = command.first?.trimmingCharacters(in: .whitespaces), !form.isEmpty else {
            return "the command is empty; it must start with CMD or CMD-SHELL"
        }
        let arguments = Array(command.dropFirst())
        switch form {
        case "NONE":
            return nil
        case "CMD-SHELL":
            return arguments.joined(separator: " ").trimmingCharacters(in: .whitespaces).isEmpty
                ? "CMD-SHELL is followed by no command line" : nil
        case "CMD":
            guard let executable = arguments.first, !executable.trimmingCharacters(in: .whitespaces).isEmpty else {
                return "CMD is followed by no executable"
            }
            if executable.contains(" ") {
                return "the exec form CMD runs its first element as the executable, and \(Self.literal([executable]).dropFirst().dropLast()) is a shell command line: no executable has that name, so every check fails. Use [\"CMD-SHELL\", \(Self.literal([executable]).dropFirst().dropLast())], or give the program and each argument as separate elements"
            }
            if let operation = arguments.first(where: { shellOperators.contains($0) }) {
                return "the exec form CMD runs \(executable) without a shell, so \"\(operation)\" and what follows reach \(executable) as arguments instead of being run: use [\"CMD-SHELL\", \"\(arguments.joined(separator: " "))\"]"
            }
            return nil
        default:
            return "its first element is \"\(form)\", not CMD, CMD-SHELL or NONE, so Docker runs no check and the container's health stays UNKNOWN (a dependsOn HEALTHY condition never holds): write [\"CMD-SHELL\", \(Self.literal(command).dropFirst().dropLast())]"
        }
    }

    /// The command as JSON text.
    static func literal(_ command: [String]) -> String {
        "[" + command.map { "\"" + $0.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\"" }
            .joined(separator: ", ") + "]"
    }
}
