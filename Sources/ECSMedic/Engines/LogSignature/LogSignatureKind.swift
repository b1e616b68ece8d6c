/// What a container log line says happened: a failure the application died of, its readiness, or an HTTP request.
public enum LogSignatureKind: String, Sendable, Codable, CaseIterable {
    /// A connection to `host:port` was attempted and nothing answered in time (a network path or security group).
    case connectionTimeout
    /// `host:port` answered with a reset: reachable, but nothing listens there (wrong port, the service is down).
    case connectionRefused
    /// A connection to `host:port` failed and the runtime did not say whether it timed out or was refused (Kafka's
    /// "could not be established", Npgsql's "Failed to connect to"): the network verdict for the destination decides.
    case connectionFailed
    /// A host name did not resolve (a typo, a private hosted zone the VPC does not see, DNS support off).
    case unknownHost
    /// A module, package, class or assembly the application needs is not in the image.
    case missingModule
    /// The application read an environment variable the task definition does not set.
    case missingEnvironmentVariable
    /// The process may not open, execute or bind what it tried to (file modes, user, low ports), or AWS refused its
    /// call: an AccessDenied naming the action (`name`), or an SDK that found no credentials (no task role).
    case permissionDenied
    /// The entrypoint is a binary for another CPU architecture, or a script without a usable interpreter line.
    case execFormatError
    /// The runtime's own heap limit was reached (JVM `-Xmx`, Node `--max-old-space-size`, PHP `memory_limit`, ...),
    /// which is not the container's memory limit.
    case heapExhausted
    /// A runtime panic or fatal runtime error (Go `panic:`, a segmentation fault reported by the runtime).
    case panic
    /// A worker was killed for taking longer than its request timeout (gunicorn's `WORKER TIMEOUT`), often while it
    /// waited for a dependency that did not answer.
    case workerTimeout
    /// An exception or error nothing caught, which ended the process.
    case uncaughtException
    /// A file or directory the process needs does not exist (the entrypoint, a config file, a mount).
    case fileNotFound
    /// The application says it is ready: started, listening on a port; `seconds` and `port` when it says them.
    case ready
    /// An HTTP access log line: the request's path (`name`) and its response status.
    case httpAccess
    /// The application has no route for a request's path (`name`) and answers 404 (Spring's "No mapping for GET
    /// /health", Rails' "No route matches").
    case routeNotFound
}
