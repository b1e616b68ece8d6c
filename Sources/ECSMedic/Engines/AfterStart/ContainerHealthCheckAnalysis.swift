/// A container health check whose command cannot run as written, which the task definition alone proves: the
/// exec form (`CMD`) given a whole shell command line as one element (Docker looks for an executable of that
/// name), shell operators as separate elements of the exec form (no shell reads them; the program gets `||` as an
/// argument), a form other than `CMD`, `CMD-SHELL` or `NONE` (Docker runs no check at all), or no command. ECS
/// returns no output of the checks (only `healthStatus` and the stopped reason), so a well-formed command that
/// fails — a binary the image may lack, a wrong port — is not concluded here: it is a note naming the command, its
/// timing and the container's own log, and whether its start period ended before the log says the app was ready.
struct ContainerHealthCheckAnalysis {
    let context: DiagnosisContext
    let task: ECSTask
    var lines: [AfterStartAnalyzer.ContainerLines] = []

    static let shellOperators: Set<String> = ["||", "&&", "|", ";", ">", ">>", "<", "2>&1", "&"]

    func issues() -> [AfterStartIssue] {
        guard let definition = context.taskDefinition else { return [] }
        let resource = definition.taskDefinitionArn ?? definition.family ?? "task definition"
        var issues: [AfterStartIssue] = []
        for (index, container) in definition.containerDefinitions.enumerated() {
            guard let check = container.healthCheck else { continue }
            guard let problem = Self.problem(of: check.command) else {
                issues += failed(check, of: container.name, index: index, resource: resource)
                continue
            }
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

    /// The note of a well-formed CMD or CMD-SHELL check that ran and failed: the task stopped for failing container
    /// health checks and ECS reports this container UNHEALTHY.
    private func failed(_ check: TaskDefinition.HealthCheck, of name: String, index: Int, resource: String) -> [AfterStartIssue] {
        guard ["CMD", "CMD-SHELL"].contains(check.command.first?.trimmingCharacters(in: .whitespaces) ?? ""),
              let reason = task.stoppedReason, reason.lowercased().contains("failed container health checks"),
              task.containers?.first(where: { $0.name == name })?.healthStatus == "UNHEALTHY" else { return [] }
        typealias Defaults = TaskDefinition.HealthCheck
        let interval = check.interval ?? Defaults.defaultInterval, timeout = check.timeout ?? Defaults.defaultTimeout
        let retries = check.retries ?? Defaults.defaultRetries, startPeriod = check.startPeriod ?? Defaults.defaultStartPeriod
        let settings = "every \(interval) s (timeout \(timeout) s), UNHEALTHY after \(retries) failures in a row, startPeriod "
            + (check.startPeriod == nil ? "unset (0 s)" : "\(startPeriod) s")
        var detail = "the health check of container \(name), \(Self.literal(check.command)), ran and failed (\(settings)); "
            + "ECS returns no output of the checks"
        var evidence = [
            Evidence(fact: "container \(name)'s healthCheck.command is \(Self.literal(check.command)), \(settings)",
                     resource: resource, source: "ecs:DescribeTaskDefinition"),
            Evidence(fact: "ECS reports container \(name) UNHEALTHY and the task was stopped: \(reason)", resource: task.taskArn,
                     source: "ecs:DescribeTasks"),
        ]
        if let log = lines.first(where: { $0.container == name }), let last = log.events.last {
            detail += ": its own log, \(log.stream), is where a failing dependency or port shows"
            evidence.append(Evidence(fact: "container \(name) logged \(log.events.count) line\(log.events.count == 1 ? "" : "s"), the last"
                                         + (last.timestamp.map { " at \(LogJoin.time($0))" } ?? "") + ": \(last.message)",
                                     resource: log.stream, source: "logs:GetLogEvents"))
            if let started = task.timeline.startedAt, let ready = log.matches.first(where: { $0.kind == .ready }),
               let stamp = log.events[ready.lineIndex].timestamp {
                let seconds = Double(stamp) / 1000 - started
                if Double(startPeriod) < seconds {
                    let taken = MemoryAnalysis.format((seconds * 10).rounded() / 10)
                    detail += "; its startPeriod (\(startPeriod) s) ended before the container logged it was ready, \(taken) s after the task started, "
                        + "so checks that failed before then counted toward the \(retries) failures"
                    evidence.append(Evidence(fact: "container \(name) logged at \(LogJoin.time(stamp)) that it was ready, \(taken) s after the task started at \(task.startedAt ?? "?"): \(ready.line)",
                                             resource: log.stream, source: "logs:GetLogEvents"))
                }
            }
        } else {
            detail += ": its own log was not read"
        }
        return [AfterStartIssue(check: .containerHealthCheckFailed, resource: resource, detail: detail, container: name,
                                field: "containerDefinitions[\(index)].healthCheck", evidence: evidence)]
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
