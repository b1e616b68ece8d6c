import Foundation

/// Memory after the start: a container killed at its memory limit — its own hard limit, else the task's memory —
/// told by exit code 137 with ECS's `OutOfMemoryError: Container killed due to memory usage`, or by Container
/// Insights' `MemoryUtilized` at the task's memory; and, apart from it, a runtime that ran out of its own heap below
/// that limit (the JVM's `Java heap space`, Node's `heap out of memory`), whose fix is the runtime's flag.
struct MemoryAnalysis {
    let context: DiagnosisContext
    let task: ECSTask
    let lines: [AfterStartAnalyzer.ContainerLines]

    /// Share of the limit at which Container Insights' peak counts as "at the limit" (its samples are a minute apart).
    static let atLimit = 0.95

    func issues() -> [AfterStartIssue] {
        guard let definition = context.taskDefinition else { return [] }
        var issues: [AfterStartIssue] = []
        let resource = definition.taskDefinitionArn ?? definition.family ?? "task definition"
        let taskMiB = (task.memory ?? definition.memory).flatMap { FargateTaskSize.units($0, unit: "gb", scale: 1024) }
        let peak = peakMiB()
        for stop in task.containers ?? [] {
            guard let name = stop.name,
                  let index = definition.containerDefinitions.firstIndex(where: { $0.name == name }) else { continue }
            let container = definition.containerDefinitions[index]
            let own = container.memory
            let limit: MemoryFigures.Limit = own != nil ? .container : .task
            guard let limitMiB = own ?? taskMiB else { continue }
            let killed = stop.exitCode == 137 && (stop.reason?.lowercased().contains("outofmemoryerror") ?? false)
            let measured = stop.exitCode == 137 && limit == .task && peak.map { $0 >= Self.atLimit * Double(limitMiB) } == true
            let log = lines.first { $0.container == name }
            let field = limit == .container ? "containerDefinitions[\(index)].memory" : "memory"
            let figures = MemoryFigures(limit: limit, limitMiB: limitMiB, taskMiB: taskMiB, peakMiB: peak)
            if killed || measured {
                issues.append(AfterStartIssue(
                    check: .memoryLimit, resource: resource,
                    detail: "container \(name) was killed at " + (limit == .container
                        ? "its hard limit of \(limitMiB) MiB" : "the task's memory of \(limitMiB) MiB (it has no hard limit of its own)")
                        + " (exit code 137\(killed ? ", \(stop.reason ?? "")" : ", MemoryUtilized \(Self.format(peak ?? 0)) MiB"))",
                    container: name, field: field,
                    evidence: killEvidence(stop, container: container, figures: figures, log: log, resource: resource),
                    memory: figures))
                continue
            }
            guard let heap = log?.matches.last(where: { $0.kind == .heapExhausted }) else { continue }
            var heapFigures = figures
            heapFigures.runtime = heap.runtime
            var evidence = [Evidence(fact: "container \(name) logged\(log.flatMap { time(of: heap, in: $0) } ?? ""): \(heap.line)",
                                     resource: log?.stream ?? name, source: "logs:GetLogEvents")]
            if let code = stop.exitCode {
                evidence.append(Evidence(fact: "container \(name) exited with code \(code)\(stop.reason.map { " (\($0))" } ?? ""), not killed by the kernel at its memory limit",
                                         resource: task.taskArn, source: "ecs:DescribeTasks"))
            }
            evidence.append(limitEvidence(container, figures: figures, resource: resource))
            if let options = HeapFlags.options(of: container, runtime: heap.runtime) {
                evidence.append(Evidence(fact: "\(options.name) of container \(name) is \"\(options.value)\"", resource: resource,
                                         source: "ecs:DescribeTaskDefinition"))
            }
            issues.append(AfterStartIssue(
                check: .heapExhausted, resource: resource,
                detail: "the \(HeapFlags.runtimeName(heap.runtime)) of container \(name) ran out of its own heap below the container's \(limitMiB) MiB: \(HeapFlags.cause(of: container, runtime: heap.runtime, limitMiB: limitMiB))",
                container: name, field: "containerDefinitions[\(index)].environment",
                evidence: evidence, memory: heapFigures))
        }
        return issues
    }

    private func killEvidence(_ stop: ECSTask.Container, container: TaskDefinition.ContainerDefinition, figures: MemoryFigures,
                              log: AfterStartAnalyzer.ContainerLines?, resource: String) -> [Evidence] {
        let name = container.name
        var evidence = [Evidence(fact: "container \(name) exited with code 137 (SIGKILL)\(stop.reason.map { ": \($0)" } ?? "")",
                                 resource: task.taskArn, source: "ecs:DescribeTasks")]
        evidence.append(limitEvidence(container, figures: figures, resource: resource))
        if let peak = figures.peakMiB {
            evidence.append(Evidence(fact: "Container Insights MemoryUtilized peaked at \(Self.format(peak)) MiB around the stop",
                                     resource: context.service?.serviceName ?? task.taskArn, source: "cloudwatch:GetMetricData"))
        }
        if let heap = HeapFlags.maximumHeapMiB(of: container), Double(heap) >= 0.75 * Double(figures.limitMiB) {
            evidence.append(Evidence(fact: "the JVM's heap may grow to \(heap) MiB (-Xmx) of the \(figures.limitMiB) MiB limit, leaving \(figures.limitMiB - heap) MiB for metaspace, threads and native memory",
                                     resource: resource, source: "ecs:DescribeTaskDefinition"))
        }
        let timeline = task.timeline
        if let started = timeline.startedAt, let stopping = timeline.stoppingAt ?? timeline.stoppedAt {
            evidence.append(Evidence(fact: "it was killed \(Self.format(stopping - started)) s after the task started",
                                     resource: task.taskArn, source: "ecs:DescribeTasks"))
        }
        if let log, let last = log.events.last {
            evidence.append(Evidence(fact: "its last log line: \(last.message)", resource: log.stream, source: "logs:GetLogEvents"))
        }
        return evidence
    }

    private func limitEvidence(_ container: TaskDefinition.ContainerDefinition, figures: MemoryFigures, resource: String) -> Evidence {
        let fact = figures.limit == .container
            ? "container \(container.name) has a hard memory limit of \(figures.limitMiB) MiB" + (figures.taskMiB.map { " (the task has \($0) MiB)" } ?? "")
            : "container \(container.name) has no hard limit of its own: the task's \(figures.limitMiB) MiB is its limit"
        return Evidence(fact: fact, resource: resource, source: "ecs:DescribeTaskDefinition")
    }

    /// The highest `MemoryUtilized` of the task (or its service) around the stop, MiB.
    private func peakMiB() -> Double? {
        guard let service = context.service?.serviceName, let series = context.facts.serviceMetrics[service] else { return nil }
        let memory = series.filter { $0.metric == .memoryUtilized }
        return (memory.first { $0.taskId == task.id } ?? memory.first { $0.taskId == nil })?.maximum
    }

    private func time(of match: LogSignatureMatch, in log: AfterStartAnalyzer.ContainerLines) -> String? {
        log.events[match.lineIndex].timestamp.map { " at \(LogJoin.time($0))" }
    }

    static func format(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(format: "%.1f", value)
    }
}
