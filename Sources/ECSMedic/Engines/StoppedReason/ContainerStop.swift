/// What a task's container said when it stopped: its `reason` and `exitCode` as DescribeTasks reports them.
public struct ContainerStop: Sendable, Equatable {
    public var name: String
    public var reason: String?
    public var exitCode: Int?

    public init(name: String, reason: String? = nil, exitCode: Int? = nil) {
        self.name = name
        self.reason = reason
        self.exitCode = exitCode
    }
}
