/// An essential container that exited by itself: with a non-zero code and a crash signature in its log (the
/// line is cited; a missing environment variable is checked against the task definition's environment and
/// secrets), or with 0, which is a job that finished, not an error.
struct CrashAnalysis {
    let context: DiagnosisContext
    let task: ECSTask
    let lines: [AfterStartAnalyzer.ContainerLines]

    static let crashKinds: Set<LogSignatureKind> = [
        .missingModule, .missingEnvironmentVariable, .permissionDenied, .execFormatError, .panic, .uncaughtException,
        .fileNotFound,
    ]
    /// Kinds whose lines other checks join to the facts (a connection's destination, a name, the heap): a traceback
    /// around them is their consequence, not another crash.
    static let explainedElsewhere: Set<LogSignatureKind> = AfterStartAnalyzer.connectionKinds.union([.unknownHost, .heapExhausted])

    func issues() -> [AfterStartIssue] {
        guard let definition = context.taskDefinition, task.stopCode == "EssentialContainerExited" else { return [] }
        let resource = definition.taskDefinitionArn ?? definition.family ?? "task definition"
        var issues: [AfterStartIssue] = []
        for stop in task.containers ?? [] {
            guard let name = stop.name, let code = stop.exitCode,
                  let index = definition.containerDefinitions.firstIndex(where: { $0.name == name }),
                  definition.containerDefinitions[index].essential != false else { continue }
            let container = definition.containerDefinitions[index]
            let log = lines.first { $0.container == name }
            let exited = Evidence(fact: "essential container \(name) exited with code \(code)\(stop.reason.map { " (\($0))" } ?? "")",
                                  resource: task.taskArn, source: "ecs:DescribeTasks")
            if code == 0 {
                let last = log?.events.last.map { [Evidence(fact: "its last log line: \($0.message)", resource: log?.stream ?? name, source: "logs:GetLogEvents")] } ?? []
                issues.append(AfterStartIssue(
                    check: .jobFinished, resource: resource,
                    detail: "essential container \(name) exited 0: it finished its work, which is not an error; a service restarts it, so a job belongs in a standalone task (run-task or a scheduled task), and a server's command must stay in the foreground",
                    container: name, evidence: [exited] + last))
                continue
            }
            // Exit codes of a kill (SIGKILL, SIGTERM) and causes other checks explain are not crashes.
            guard code != 137, code != 143, let log,
                  !log.matches.contains(where: { Self.explainedElsewhere.contains($0.kind) }),
                  let crash = log.matches.last(where: { Self.crashKinds.contains($0.kind) }) else { continue }
            var evidence = [exited, Evidence(fact: "container \(name) logged\(log.events[crash.lineIndex].timestamp.map { " at \(LogJoin.time($0))" } ?? ""): \(crash.line)",
                                             resource: log.stream, source: "logs:GetLogEvents")]
            var detail = "essential container \(name) exited \(code): \(Self.meaning(crash))"
            var field: String? = nil
            if crash.kind == .missingEnvironmentVariable, let variable = crash.name {
                let environment = container.environment?.firstIndex { $0.name == variable }
                let secret = container.secrets?.firstIndex { $0.name == variable }
                if let secret {
                    detail += "; the task definition injects \(variable) from \(container.secrets?[secret].valueFrom ?? "a secret"), so the value the container got is empty or malformed"
                    field = "containerDefinitions[\(index)].secrets[\(secret)]"
                } else if let environment {
                    detail += "; the task definition sets \(variable), so the value is empty or malformed"
                    field = "containerDefinitions[\(index)].environment[\(environment)]"
                } else {
                    detail += "; the task definition sets no \(variable), neither in environment nor in secrets of container \(name): add it (a new revision)"
                    field = "containerDefinitions[\(index)].environment"
                }
                evidence.append(Evidence(fact: "container \(name) defines \((container.environment ?? []).compactMap(\.name).joined(separator: ", ").ifEmpty("no environment variables")) and the secrets \((container.secrets ?? []).map(\.name).joined(separator: ", ").ifEmpty("none"))",
                                         resource: resource, source: "ecs:DescribeTaskDefinition"))
            }
            issues.append(AfterStartIssue(check: .crash, resource: resource, detail: detail, container: name, field: field,
                                          evidence: evidence))
        }
        return issues
    }

    /// What the signature says, with what it captured.
    static func meaning(_ match: LogSignatureMatch) -> String {
        let name = match.name.map { " \($0)" } ?? ""
        switch match.kind {
        case .missingModule: return "a module or class\(name) is missing from the image"
        case .missingEnvironmentVariable: return "the application needs the environment variable\(name)"
        case .permissionDenied: return "the process was denied access\(match.name.map { " to \($0)" } ?? "") (file modes, user, or a port below 1024)"
        case .execFormatError: return "the entrypoint cannot be executed here (an image for another CPU architecture, or a script without a usable interpreter line)"
        case .panic: return "the runtime panicked"
        case .uncaughtException: return "an exception nothing caught ended the process"
        case .fileNotFound: return "a file or directory\(name) it needs does not exist"
        default: return "its log says why"
        }
    }
}

private extension String {
    func ifEmpty(_ replacement: String) -> String { isEmpty ? replacement : self }
}
