/// The facts of what happened after a task started, joined to the task they are about.
extension Facts {
    /// The log of each container of `task`, in its task definition's order: its `awslogs` stream's lines, or
    /// where the logs are instead, or why they are not known. Empty when the task definition was not collected.
    /// The awslogs driver creates a container's stream when the container starts: a task that never started has
    /// none, and its absent stream means the container wrote nothing (no lines), not a gone or unread log.
    public func containerLogs(of task: ECSTask) -> [ContainerLogs] {
        guard let definition = task.taskDefinitionArn.flatMap(taskDefinition) else { return [] }
        return definition.containerDefinitions.map { container in
            var logs = ContainerLogs(container: container.name, taskId: task.id, source: .none, lines: nil,
                                     truncated: false, unverified: nil, read: false)
            guard let configuration = container.logConfiguration else { return logs }
            guard configuration.logDriver == "awslogs", let group = configuration.options?["awslogs-group"] else {
                logs.source = .elsewhere(driver: configuration.logDriver)
                return logs
            }
            guard let prefix = configuration.options?["awslogs-stream-prefix"] else {
                logs.source = .unnamedStream(group: group)
                return logs
            }
            let stream = ContainerLogs.streamName(prefix: prefix, container: container.name, taskId: task.id)
            let region = configuration.options?["awslogs-region"]
            logs.source = .awslogs(group: group, region: region, stream: stream)
            // A log group in another region than the facts' (a snapshot that names its region) says where.
            let elsewhere = region.flatMap { logRegion in self.region.flatMap { $0 == logRegion ? nil : " in \(logRegion)" } } ?? ""
            let subject = "logs of container \(container.name) (\(group) \(stream)\(elsewhere))"
            guard let read = logStreams[stream] else {
                logs.unverified = UnverifiedFact(fact: subject, reason: "not collected", permission: "logs:GetLogEvents")
                return logs
            }
            logs.read = true
            if read.errorCode == "ResourceNotFoundException", task.startedAt == nil {
                logs.lines = []
                return logs
            }
            if let code = read.errorCode {
                let reason = code == "ResourceNotFoundException" ? "the stream no longer exists (log retention)" : code
                logs.unverified = UnverifiedFact(fact: subject, reason: reason, permission: "logs:GetLogEvents")
            }
            logs.lines = read.events
            logs.truncated = read.truncated
            return logs
        }
    }

    /// The cluster named by a cluster ARN or name.
    public func cluster(_ reference: String) -> ECSCluster? {
        clusters?.first { $0.clusterArn == reference || $0.clusterName == reference }
    }
}
