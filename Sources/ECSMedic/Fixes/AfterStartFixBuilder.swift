/// Builds the fixes of after-start findings from their figures: the memory limit a container was killed at, the
/// heap flag of a runtime that ran out below it. Both are a new task definition revision, which `fix --apply`
/// does not register: the fix says so and gives the commands.
struct AfterStartFixBuilder {
    let context: DiagnosisContext
    let match: FindingMatch

    /// Double the limit that was reached: the container's hard limit (and the task's memory when the containers'
    /// limits would no longer fit in it), or the task's memory, to a size Fargate offers for the task's CPU.
    func raiseMemoryLimit() -> Fix? {
        guard let issue = match.afterStart, issue.check == .memoryLimit, let figures = issue.memory,
              let name = issue.container, var revision = revision(for: name) else { return nil }
        let definition = context.taskDefinition
        let fargate = definition?.requiresFargate == true || context.task?.isFargate == true
        let cpu = (context.task?.cpu ?? definition?.cpu).flatMap { FargateTaskSize.units($0, unit: "vcpu", scale: 1024) }
        var words: String
        switch figures.limit {
        case .container:
            let raised = figures.limitMiB * 2
            revision.containerMemory = raised
            words = "Raise the hard memory limit of container \(name) from \(figures.limitMiB) to \(raised) MiB"
            let others = (definition?.containerDefinitions ?? []).filter { $0.name != name }
                .reduce(0) { $0 + ($1.memory ?? $1.memoryReservation ?? 0) }
            if let task = figures.taskMiB, raised + others > task {
                guard let memory = Self.taskMemory(atLeast: raised + others, cpu: cpu, fargate: fargate) else { return nil }
                revision.taskMemory = memory
                words += " and the task's memory from \(task) to \(memory) MiB"
            } else if let task = figures.taskMiB {
                words += " (the task's \(task) MiB hold it)"
            }
        case .task:
            guard let memory = Self.taskMemory(atLeast: figures.limitMiB * 2, cpu: cpu, fargate: fargate) else { return nil }
            revision.taskMemory = memory
            words = "Raise the task's memory, the limit of container \(name), from \(figures.limitMiB) to \(memory) MiB"
        }
        words += " in a new revision of \(revision.family): it was killed at \(figures.limitMiB) MiB"
            + (figures.peakMiB.map { " (MemoryUtilized peaked at \(MemoryAnalysis.format($0)) MiB)" } ?? "")
            + "; watch MemoryUtilized after the change. A new task definition revision: ecs-medic gives the commands, fix --apply does not register it"
        return Fix(id: "raise-memory-limit", summary: words, changes: [.taskDefinitionRevision(revision)], region: context.region)
    }

    /// The runtime's heap at 75% of the container's limit: `-XX:MaxRAMPercentage=75.0` for a JVM,
    /// `--max-old-space-size` for Node.js, the container's other options kept.
    func raiseHeapLimit() -> Fix? {
        guard let issue = match.afterStart, issue.check == .heapExhausted, let figures = issue.memory,
              let runtime = figures.runtime, let name = issue.container,
              let container = context.taskDefinition?.containerDefinitions.first(where: { $0.name == name }),
              let setting = HeapFlags.setting(for: container, runtime: runtime, limitMiB: figures.limitMiB),
              var revision = revision(for: name) else { return nil }
        revision.environment = KeyValuePair(name: setting.name, value: setting.value)
        let summary = "Set \(setting.name) of container \(name) to \"\(setting.value)\" in a new revision of \(revision.family): "
            + "the \(HeapFlags.runtimeName(runtime)) heap may then use \(setting.heapMiB) of the container's \(figures.limitMiB) MiB"
            + ". A new task definition revision: ecs-medic gives the commands, fix --apply does not register it"
        return Fix(id: "raise-heap-limit", summary: summary, changes: [.taskDefinitionRevision(revision)], region: context.region)
    }

    private func revision(for container: String) -> TaskDefinitionRevision? {
        guard let definition = context.taskDefinition, let arn = definition.taskDefinitionArn else { return nil }
        let family = definition.family ?? ARN(arn)?.resource.split(separator: "/").last?.split(separator: ":").first.map(String.init) ?? arn
        return TaskDefinitionRevision(taskDefinition: arn, family: family, container: container,
                                      image: definition.containerDefinitions.first { $0.name == container }?.image,
                                      containerMemory: nil, taskMemory: nil, environment: nil, cluster: context.cluster,
                                      service: context.service?.serviceName)
    }

    /// The smallest task memory of at least `needed` MiB: on Fargate one its table offers for the task's CPU (nil
    /// when none does, or the CPU is unknown); elsewhere `needed` itself.
    static func taskMemory(atLeast needed: Int, cpu: Int?, fargate: Bool) -> Int? {
        guard fargate else { return needed }
        guard let cpu, let size = FargateTaskSize.table.first(where: { $0.cpu == cpu }) else { return nil }
        return size.memory.first { $0 >= needed }
    }
}
