import AWSClient
import Foundation

/// `audit --since`: how far back a stopped task makes a service's logs and target health worth reading. Written as
/// a duration before now (`30m`, `2h`, `1d`, `90s`, ISO 8601 `PT1H30M`) or an ISO 8601 time (`2026-12-03T09:00:00Z`).
public struct StopWindow: Sendable, Equatable {
    /// Seconds since 1970 from which a stop counts.
    public var start: Double

    /// The last hour.
    public static func standard(now: Double) -> StopWindow { StopWindow(start: now - 3600) }

    public init(start: Double) {
        self.start = start
    }

    /// The window `text` names, relative to `now`; nil when it names none.
    public init?(_ text: String, now: Double) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let seconds = Self.durationSeconds(trimmed) {
            start = now - seconds
        } else if trimmed.contains("T") || trimmed.count == 10, let time = Timestamp.epochSeconds(trimmed.count == 10 ? trimmed + "T00:00:00Z" : trimmed) {
            start = time
        } else {
            return nil
        }
    }

    /// Whether a task that stopped at `stoppedAt` (seconds since 1970) stopped within the window.
    public func contains(_ stoppedAt: Double) -> Bool { stoppedAt >= start }

    /// `30m`, `2h`, `1d`, `90s` or ISO 8601 `PT2H`, `P1D`, `PT1H30M` in seconds.
    static func durationSeconds(_ text: String) -> Double? {
        let units: [Character: Double] = ["s": 1, "m": 60, "h": 3600, "d": 86_400]
        if let unit = text.last.flatMap({ units[$0] }), let value = Double(text.dropLast()), value > 0 {
            return value * unit
        }
        guard text.hasPrefix("P"), text.count > 1 else { return nil }
        var total = 0.0, number = "", inTime = false
        for character in text.dropFirst() {
            if character == "T" { inTime = true; continue }
            if character.isNumber || character == "." { number.append(character); continue }
            guard let value = Double(number) else { return nil }
            switch (character, inTime) {
            case ("D", false): total += value * 86_400
            case ("W", false): total += value * 7 * 86_400
            case ("H", true): total += value * 3600
            case ("M", true): total += value * 60
            case ("S", true): total += value
            default: return nil
            }
            number = ""
        }
        return number.isEmpty && total > 0 ? total : nil
    }
}
