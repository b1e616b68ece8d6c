/// Something the after-start facts show: a configuration mistake, a limit reached, a crash, with the log lines and
/// figures behind it.
public struct AfterStartIssue: Sendable, Equatable {
    public var check: AfterStartCheck
    /// The resource the issue is about, for fingerprints: the database, the container (`demo-app:1/app`), the
    /// target group, the service.
    public var resource: String
    /// The other resources it involves (the database, its security groups), after the blocking one.
    public var related: [String] = []
    /// What is wrong, in one clause (the rule message's `{reason}`).
    public var detail: String
    /// The container concerned, when there is one.
    public var container: String?
    /// The task definition field that causes it, as a JSON path, when one does.
    public var field: String?
    public var evidence: [Evidence]
    /// The memory figures a memory fix is written from.
    public var memory: MemoryFigures? = nil
    /// The grace periods a grace period fix is written from.
    public var gracePeriod: GracePeriodFigures? = nil
    /// The target group health check settings a fix changes.
    public var targetGroup: TargetGroupHealthCheck? = nil
}

/// Target group health check settings a fix sets (port, path or matcher), with the values they replace.
public struct TargetGroupHealthCheck: Sendable, Hashable {
    public var targetGroupArn: String
    public var name: String
    public var port: String? = nil
    public var previousPort: String? = nil
    public var path: String? = nil
    public var previousPath: String? = nil
    public var matcher: String? = nil
    public var previousMatcher: String? = nil

    /// The settings in words: `health check port traffic-port (was 8081)`.
    var summary: String {
        [port.map { "health check port \($0) (was \(previousPort ?? "traffic-port"))" },
         path.map { "health check path \($0) (was \(previousPath ?? "/"))" },
         matcher.map { "matcher HttpCode=\($0) (was \(previousMatcher ?? "200"))" }].compactMap { $0 }.joined(separator: ", ")
    }
}

/// A service's health check grace period and the one its start time needs (seconds).
public struct GracePeriodFigures: Sendable, Equatable {
    public var cluster: String
    public var service: String
    public var current: Int
    public var proposed: Int
}

/// A container's memory figures at its stop, as far as the facts give them (MiB).
public struct MemoryFigures: Sendable, Equatable {
    public enum Limit: String, Sendable {
        /// The container's own hard limit (`memory`).
        case container
        /// The task's memory: the limit of containers without a hard limit of their own.
        case task
    }

    /// Which limit was reached.
    public var limit: Limit
    public var limitMiB: Int
    /// The task's memory (MiB), when known.
    public var taskMiB: Int?
    /// The highest memory use seen around the stop (MiB), when a metric gives it.
    public var peakMiB: Double?
    /// The runtime whose own heap limit was reached (`jvm`, `node`), for heap exhaustion.
    public var runtime: String?
}
