/// What reading one CloudWatch Logs stream (`aws logs get-log-events`) gave: the newest events up to the task's
/// stop, oldest first, or the error AWS answered. `Facts.containerLogs(of:)` joins it to the container it belongs to.
public struct LogStreamRead: Sendable, Equatable {
    /// The log group, when the request says (a folder-form file names only the stream).
    public var group: String?
    public var stream: String
    /// The events kept (redacted, within `LogReadingLimits`); nil when the call failed.
    public var events: [LogEvent]?
    /// True when older events may exist than those kept: the page was full or the byte bound dropped some.
    public var truncated: Bool
    /// The error code AWS answered (`ResourceNotFoundException` when the stream is gone, `AccessDeniedException`).
    public var errorCode: String?
}

extension LogStreamRead {
    /// `events` with credential-shaped values and the values of variables named `secretNames` masked: applied when
    /// a live run records the lines and again when a snapshot's lines are read, so no unmasked line reaches the
    /// facts, a report or a recording.
    static func redacted(_ events: [LogEvent], secretNames: [String]) -> [LogEvent] {
        let messages = LogRedactor(secretNames: secretNames).redact(events.map(\.message))
        return zip(events, messages).map { LogEvent(timestamp: $0.timestamp, message: $1) }
    }
}
