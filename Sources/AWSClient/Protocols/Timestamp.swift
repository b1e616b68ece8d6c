import Foundation

/// Timestamps as the AWS CLI prints them (`2024-05-01T12:00:00+00:00`, with `.ffffff` when there are
/// microseconds) and as the wire protocols carry them (ISO 8601 text or epoch seconds).
public enum Timestamp {
    private static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? TimeZone.current
        return calendar
    }()

    /// Seconds since 1970 of 10000-01-01, past the last year Python's `datetime` (the CLI's) can show.
    static let endOfYear9999 = 253_402_300_800.0

    /// Formats seconds since 1970 as the CLI does (Python's `datetime.isoformat()` in UTC); nil outside the years
    /// 1 to 9999, which the CLI cannot show either (and which would overflow the microsecond count).
    static func cliString(epochSeconds: Double) -> String? {
        guard epochSeconds.isFinite, epochSeconds >= -62_135_596_800, epochSeconds < endOfYear9999 else { return nil }
        let micros = Int64((epochSeconds * 1_000_000).rounded())
        var seconds = micros / 1_000_000
        var fraction = micros % 1_000_000
        if fraction < 0 {
            fraction += 1_000_000
            seconds -= 1
        }
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second],
                                            from: Date(timeIntervalSince1970: Double(seconds)))
        var text = String(format: "%04d-%02d-%02dT%02d:%02d:%02d", parts.year ?? 1970, parts.month ?? 1,
                          parts.day ?? 1, parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0)
        if fraction != 0 { text += String(format: ".%06lld", fraction) }
        return text + "+00:00"
    }

    /// Seconds since 1970 of an ISO 8601 timestamp (`2024-05-01T12:00:00Z`, `...00.123+02:00`) or of a
    /// decimal number of epoch seconds; nil when the text is neither.
    public static func epochSeconds(_ text: String) -> Double? {
        if let number = Double(text) { return number }
        let scalars = Array(text.utf8)
        func number(_ range: Range<Int>) -> Int? {
            guard range.upperBound <= scalars.count else { return nil }
            var value = 0
            for index in range {
                let digit = Int(scalars[index]) - 48
                guard (0...9).contains(digit) else { return nil }
                value = value * 10 + digit
            }
            return value
        }
        guard scalars.count >= 19, let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
              let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19),
              [UInt8(ascii: "T"), UInt8(ascii: "t"), UInt8(ascii: " ")].contains(scalars[10]) else { return nil }
        var index = 19
        var fraction = 0.0
        if index < scalars.count, scalars[index] == UInt8(ascii: ".") {
            index += 1
            var scale = 0.1
            while index < scalars.count, (48...57).contains(scalars[index]) {
                fraction += Double(scalars[index] - 48) * scale
                scale /= 10
                index += 1
            }
        }
        var offset = 0
        if index < scalars.count {
            switch scalars[index] {
            case UInt8(ascii: "Z"), UInt8(ascii: "z"):
                break
            case UInt8(ascii: "+"), UInt8(ascii: "-"):
                guard let hours = number(index + 1..<index + 3) else { return nil }
                let minutesStart = index + 3 < scalars.count && scalars[index + 3] == UInt8(ascii: ":") ? index + 4 : index + 3
                let minutes = number(minutesStart..<minutesStart + 2) ?? 0
                offset = (hours * 3600 + minutes * 60) * (scalars[index] == UInt8(ascii: "-") ? -1 : 1)
            default:
                return nil
            }
        }
        let components = DateComponents(year: year, month: month, day: day, hour: hour, minute: minute,
                                        second: second)
        guard let date = calendar.date(from: components) else { return nil }
        return date.timeIntervalSince1970 + fraction - Double(offset)
    }

    /// ISO 8601 in UTC with a `Z`, as query-protocol requests carry timestamps.
    static func wireString(epochSeconds: Double) -> String {
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second],
                                            from: Date(timeIntervalSince1970: epochSeconds.rounded(.down)))
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02dZ", parts.year ?? 1970, parts.month ?? 1,
                      parts.day ?? 1, parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0)
    }
}
