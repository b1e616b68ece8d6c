/// What the user asked to diagnose (design.md §3 selectors).
public struct TargetSelector: Sendable, Equatable {
    public var cluster: String?
    public var service: String?
    public var task: String?
    /// `--database ID`: the DB cluster or instance to check the task against.
    public var database: String?

    public init(cluster: String? = nil, service: String? = nil, task: String? = nil, database: String? = nil) {
        self.cluster = cluster
        self.service = service
        self.task = task
        self.database = database
    }
}
