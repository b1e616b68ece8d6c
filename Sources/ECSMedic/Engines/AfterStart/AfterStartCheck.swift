/// The checks an `afterStart` rule condition can name (rules/README.md): what the container's logs, exit codes,
/// memory figures and health checks show once the task had started, joined to the other facts.
public enum AfterStartCheck: String, Sendable, CaseIterable {
    /// Whether its finding sets the past run's record against the present configuration: a fix of the
    /// configuration makes it appear by design (a timeout logged before the path was opened; a failed load balancer
    /// check, once the target group's settings are fixed, set against the grace period), so a fix's re-check does
    /// not count it as a new finding.
    public var setsPastAgainstPresent: Bool { self == .databaseTimeoutPathOpen || self == .gracePeriod }

    /// The app connects to its database's endpoint on a port the database does not listen on.
    case databasePortMismatch = "database-port-mismatch"
    /// The app timed out (or was refused) connecting to its database, yet the network path is open.
    case databaseTimeoutPathOpen = "database-timeout-path-open"
    /// A host name the app could not resolve, and what the facts show about it (a typo, a private zone without it).
    case hostUnresolvable = "host-unresolvable"
    /// A container was killed at its memory limit (the container's hard limit or the task's).
    case memoryLimit = "memory-limit"
    /// The application's runtime ran out of its own heap, below the container's limit.
    case heapExhausted = "heap-exhausted"
    /// The service's health check grace period ended before the container was ready and healthy.
    case gracePeriod = "grace-period"
    /// The target group's health check port is not one the container serves (its port mappings, its log).
    case healthCheckPort = "health-check-port"
    /// The target group's health check path answered 404: the application has no route for it.
    case healthCheckPath = "health-check-path"
    /// The health check path answered a success or redirect code the target group's matcher does not accept.
    case healthCheckMatcher = "health-check-matcher"
    /// A container health check command that cannot run as written (its form, an empty command).
    case containerHealthCheck = "container-health-check"
    /// A well-formed container health check that ran and failed: what it ran, how often, and where its container's
    /// own log is (a note: ECS returns no output of the checks).
    case containerHealthCheckFailed = "container-health-check-failed"
    /// An essential container exited non-zero and its log shows why: a missing module or variable, a permission,
    /// an exec format error, a panic or an uncaught exception.
    case crash
    /// An essential container exited 0: it finished, which is not an error of the application.
    case jobFinished = "job-finished"
}
