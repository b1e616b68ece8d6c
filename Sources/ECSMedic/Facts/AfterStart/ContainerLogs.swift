/// The log of one container of a task, joined from its task definition's `logConfiguration` and what reading its
/// stream gave: its lines, or why they are not known (never a guess).
public struct ContainerLogs: Sendable, Equatable {
    public var container: String
    public var taskId: String
    public var source: Source
    /// The newest lines up to the task's stop, oldest first, redacted; nil when they were not read.
    public var lines: [LogEvent]?
    /// True when older lines may exist than those kept.
    public var truncated: Bool
    /// Why the lines are not known: the stream is gone (retention), reading it was denied, it was not collected.
    public var unverified: UnverifiedFact?
    /// True when reading the stream was tried (its lines, or the error AWS answered, are in the facts); false when
    /// it was not collected (`--no-logs`, a snapshot without it).
    public var read: Bool

    /// Where the container's output goes.
    public enum Source: Sendable, Equatable {
        /// The `awslogs` driver: the stream `<awslogs-stream-prefix>/<container name>/<task id>` of `group`.
        case awslogs(group: String, region: String?, stream: String)
        /// Another driver (`awsfirelens`, `splunk`, `fluentd`, ...): the logs are where it sends them.
        case elsewhere(driver: String)
        /// `awslogs` without `awslogs-stream-prefix` (EC2): the stream is named by the Docker container id.
        case unnamedStream(group: String)
        /// No log configuration: the output is not kept.
        case none
    }

    /// A sentence for a report when the lines are not here because they are somewhere else, or nowhere.
    public var note: String? {
        switch source {
        case .elsewhere(let driver): return "logs are elsewhere (driver \(driver))"
        case .unnamedStream(let group):
            return "logs are in \(group) under a stream named by the Docker container id (no awslogs-stream-prefix)"
        case .none: return "the container has no log configuration: its output is not kept"
        case .awslogs: return nil
        }
    }

    /// The stream name ECS gives an `awslogs` container of a task.
    static func streamName(prefix: String, container: String, taskId: String) -> String {
        "\(prefix)/\(container)/\(taskId)"
    }
}
