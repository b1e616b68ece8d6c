/// A stopped reason prepared for matching: cut to a bounded length, lowercased, and with punctuation folded.
///
/// Matching reads `normalized` (ASCII letters and digits, every other run of bytes one space, a space at each end),
/// so `RequestCanceled:`, `requestcanceled` and `Requestcanceled -` all read the same; extraction reads `lowercased`.
struct ReasonText: Sendable {
    /// How much of a message is classified; real stopped reasons are under 1 KiB, so anything longer is noise.
    static let byteLimit = 64 * 1024
    /// How much of it facts (retries, error code, resource) are read from: they sit near the start of real messages.
    static let extractionLimit = 8 * 1024

    /// The message, cut to `byteLimit` bytes (a split UTF-8 sequence is replaced, never trapped on).
    let original: String
    /// The first `extractionLimit` UTF-8 bytes of `original`, as they are: facts are copied out of it.
    let head: [UInt8]
    /// `head` with ASCII letters lowercased (same length, same offsets).
    let lowercased: [UInt8]
    /// Letters and digits kept, every other run of bytes replaced by one space, padded with a space at each end.
    let normalized: [UInt8]
    /// True when more than one character in twenty is a control character or an invalid UTF-8 sequence: such input
    /// is not a message, and short words found in it by chance must not be read as one.
    let isBinary: Bool

    init(_ message: String) {
        let bytes = message.utf8.prefix(Self.byteLimit)
        original = bytes.count == message.utf8.count ? message : String(decoding: bytes, as: UTF8.self)
        head = Array(bytes.prefix(Self.extractionLimit))
        lowercased = head.map(Self.lowercase)
        normalized = Self.completingCutWord(Self.normalize(Array(bytes)), cut: Self.looksCut(original))
        var scalars = 0
        var suspicious = 0
        for scalar in original.unicodeScalars {
            scalars += 1
            if scalar == "\u{FFFD}" || (scalar.value < 0x20 && !"\t\n\r".unicodeScalars.contains(scalar)) || scalar.value == 0x7F {
                suspicious += 1
            }
        }
        isBinary = suspicious * 20 > scalars
    }

    /// The first offset at or after `start` where `needle` (lowercase ASCII) occurs in `lowercased` as whole words:
    /// an alphanumeric first or last byte of the needle may not continue a word of the message.
    func firstWordOffset(of needle: String, from start: Int = 0) -> Int? {
        let needle = Array(needle.utf8)
        guard let first = needle.first, let last = needle.last, start >= 0, needle.count <= lowercased.count else {
            return nil
        }
        let checksBefore = Self.isAlphanumeric(first)
        let checksAfter = Self.isAlphanumeric(last)
        var index = start
        while index <= lowercased.count - needle.count {
            if lowercased[index] == first {
                var offset = 1
                while offset < needle.count, lowercased[index + offset] == needle[offset] { offset += 1 }
                let end = index + needle.count
                if offset == needle.count,
                   !(checksBefore && index > 0 && Self.isAlphanumeric(lowercased[index - 1])),
                   !(checksAfter && end < lowercased.count && Self.isAlphanumeric(lowercased[end])) {
                    return index
                }
            }
            index += 1
        }
        return nil
    }

    /// Words a console cuts in half at about 255 characters, and that decide a category: a cut message's last word,
    /// when it begins one of these, is read as the whole word (`not fou` as `not found`).
    private static let cuttableWords = ["found", "timeout", "denied", "deadline", "exceeded", "exist", "unauthorized",
                                        "forbidden", "canceled", "refused", "requests", "allowed", "authorized"]

    /// A message the console cut: at least 200 characters, or ending in an ellipsis.
    private static func looksCut(_ message: String) -> Bool {
        message.utf8.count >= 200 || message.hasSuffix("...") || message.hasSuffix("\u{2026}")
    }

    private static func completingCutWord(_ normalized: [UInt8], cut: Bool) -> [UInt8] {
        guard cut, normalized.count > 2 else { return normalized }
        let body = normalized.dropLast()
        let start = (body.lastIndex(of: UInt8(ascii: " ")) ?? -1) + 1
        let word = Array(body[start...])
        guard word.count >= 3,
              let whole = cuttableWords.first(where: { $0.utf8.count > word.count && $0.utf8.starts(with: word) }) else {
            return normalized
        }
        return Array(normalized[..<start]) + Array(whole.utf8) + [UInt8(ascii: " ")]
    }

    static func lowercase(_ byte: UInt8) -> UInt8 {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte + 32 : byte
    }

    static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }

    static func normalize(_ bytes: [UInt8]) -> [UInt8] {
        var result: [UInt8] = [UInt8(ascii: " ")]
        result.reserveCapacity(bytes.count + 2)
        for byte in bytes {
            let lower = lowercase(byte)
            if isAlphanumeric(lower) {
                result.append(lower)
            } else if result.last != UInt8(ascii: " ") {
                result.append(UInt8(ascii: " "))
            }
        }
        if result.last != UInt8(ascii: " ") { result.append(UInt8(ascii: " ")) }
        return result
    }
}
