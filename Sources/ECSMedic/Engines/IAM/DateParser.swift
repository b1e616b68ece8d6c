/// Parses the date forms IAM conditions accept: ISO 8601 (`2024-05-01`, `2024-05-01T12:00:00Z`, with fractions and
/// offsets) and epoch seconds.
enum DateParser {
    /// Seconds since 1970-01-01T00:00:00Z, or nil when `text` is no date.
    static func seconds(_ text: String) -> Double? {
        if let epoch = Double(text), !text.contains("-") { return epoch }
        let bytes = Array(text.utf8)
        var index = 0
        func number(_ digits: Int) -> Int? {
            guard index + digits <= bytes.count else { return nil }
            var value = 0
            for byte in bytes[index..<(index + digits)] {
                guard byte >= 48, byte <= 57 else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            index += digits
            return value
        }
        func expect(_ character: Character) -> Bool {
            guard index < bytes.count, bytes[index] == character.asciiValue else { return false }
            index += 1
            return true
        }
        guard let year = number(4), expect("-"), let month = number(2), expect("-"), let day = number(2),
              (1...12).contains(month), (1...31).contains(day) else { return nil }
        var seconds = Double(daysFromCivil(year, month, day) * 86_400)
        guard index < bytes.count else { return seconds }
        guard expect("T") || expect(" "), let hour = number(2), expect(":"), let minute = number(2) else { return nil }
        seconds += Double(hour * 3600 + minute * 60)
        if expect(":") {
            guard let second = number(2) else { return nil }
            seconds += Double(second)
            if expect(".") {
                var scale = 0.1
                while index < bytes.count, bytes[index] >= 48, bytes[index] <= 57 {
                    seconds += Double(bytes[index] - 48) * scale
                    scale /= 10
                    index += 1
                }
            }
        }
        if index == bytes.count || expect("Z") { return index == bytes.count ? seconds : nil }
        let sign: Double
        if expect("+") { sign = 1 } else if expect("-") { sign = -1 } else { return nil }
        guard let offsetHour = number(2) else { return nil }
        _ = expect(":")
        let offsetMinute = number(2) ?? 0
        guard index == bytes.count else { return nil }
        return seconds - sign * Double(offsetHour * 3600 + offsetMinute * 60)
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
    private static func daysFromCivil(_ year: Int, _ month: Int, _ day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }
}
