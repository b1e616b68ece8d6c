/// One log event of a container's stream (`aws logs get-log-events`, `events[]`), its message already redacted.
public struct LogEvent: Sendable, Decodable, Equatable {
    /// Milliseconds since 1970 at which the container wrote the line.
    public var timestamp: Int64?
    public var message: String
}
