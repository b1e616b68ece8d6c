/// How much of a container's log ecs-medic reads: one page of at most `lines` events ending at the task's stop,
/// of which it keeps the newest that fit in `bytes`. `--log-lines N` sets `lines`; `--no-logs` reads none.
public struct LogReadingLimits: Sendable, Equatable {
    public var lines: Int
    public var bytes: Int

    /// 100 lines, 256 KiB per container.
    public static let standard = LogReadingLimits(lines: 100, bytes: 256 * 1024)
    /// The most a `GetLogEvents` page holds.
    public static let maximumLines = 10_000

    public init(lines: Int, bytes: Int = 256 * 1024) {
        self.lines = min(max(lines, 1), Self.maximumLines)
        self.bytes = max(bytes, 1)
    }

    /// The newest events of `events` (oldest first) whose messages fit in `bytes`, and whether any were dropped.
    func kept(_ events: [LogEvent]) -> (events: [LogEvent], dropped: Bool) {
        var total = 0
        var start = events.count
        while start > 0, total + events[start - 1].message.utf8.count <= bytes {
            total += events[start - 1].message.utf8.count
            start -= 1
        }
        return (Array(events[start...]), start > 0)
    }
}
