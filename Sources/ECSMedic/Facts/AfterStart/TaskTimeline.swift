import AWSClient

/// A task's lifecycle timestamps (`aws ecs describe-tasks`) as seconds since 1970, so that "killed 40 s after it
/// started" is a fact. A timestamp the task does not have (never started, still running) is nil.
public struct TaskTimeline: Sendable, Equatable {
    public var createdAt: Double?
    public var pullStartedAt: Double?
    public var pullStoppedAt: Double?
    public var startedAt: Double?
    public var stoppingAt: Double?
    public var stoppedAt: Double?

    init(createdAt: String?, pullStartedAt: String?, pullStoppedAt: String?, startedAt: String?, stoppingAt: String?,
         stoppedAt: String?) {
        self.createdAt = createdAt.flatMap(Timestamp.epochSeconds)
        self.pullStartedAt = pullStartedAt.flatMap(Timestamp.epochSeconds)
        self.pullStoppedAt = pullStoppedAt.flatMap(Timestamp.epochSeconds)
        self.startedAt = startedAt.flatMap(Timestamp.epochSeconds)
        self.stoppingAt = stoppingAt.flatMap(Timestamp.epochSeconds)
        self.stoppedAt = stoppedAt.flatMap(Timestamp.epochSeconds)
    }

    /// Seconds the images took to pull.
    public var pullSeconds: Double? {
        guard let pullStartedAt, let pullStoppedAt else { return nil }
        return pullStoppedAt - pullStartedAt
    }

    /// Seconds the task ran: from `startedAt` to when ECS began to stop it (else to `stoppedAt`). Nil when it
    /// never started or has not stopped.
    public var runSeconds: Double? {
        guard let startedAt, let end = stoppingAt ?? stoppedAt else { return nil }
        return end - startedAt
    }
}
