import AWSClient
import Foundation

/// A small JSON reader over bytes that can skip a value without building it, so that `iam simulate --batch` can find
/// each policy's bytes, look them up in the policy cache, and parse only documents it has not seen.
struct JSONScanner {
    struct Failure: Error {
        let offset: Int
        /// What is wrong at `offset`, for the error message.
        var problem = "not valid JSON"
    }

    /// The deepest nesting of arrays and objects a value may have, as in Foundation's JSON decoder: values are built
    /// recursively, and no policy or request comes near it.
    static let maxDepth = 512

    let bytes: [UInt8]
    /// Objects whose text this cache already holds are jumped over with one `memcmp` instead of being walked.
    let known: PolicyCache?
    /// The compiled documents of the objects jumped over, by their first byte's offset.
    private let jumped = Jumped()

    init(_ bytes: [UInt8], known: PolicyCache? = nil) {
        self.bytes = bytes
        self.known = known
    }

    /// The compiled document whose text was jumped over at `range`, so that it is not looked up a second time.
    func jumpedDocument(at range: Range<Int>) -> PolicyDocument? {
        jumped.documents.first { $0.range == range }?.document
    }

    /// The end of a known object starting at `position`, when the cache holds its text.
    private func knownEnd(_ position: Int) -> Int? {
        guard let known, bytes[position] == UInt8(ascii: "{") else { return nil }
        let found = bytes.withUnsafeBytes { raw in
            known.knownDocument(at: UnsafeRawBufferPointer(rebasing: raw[position...]))
        }
        guard let (length, document) = found else { return nil }
        jumped.documents.append((position..<(position + length), document))
        return position + length
    }

    /// The scanner's record of jumped-over documents (a scanner reads one request on one thread).
    private final class Jumped {
        var documents: [(range: Range<Int>, document: PolicyDocument)] = []
    }

    /// The range of the single value that makes up the whole text. An object's end is found by reading its members
    /// (`members` checks them), so the text is not walked twice.
    func document() throws(Failure) -> Range<Int> {
        let start = skipWhitespace(0)
        guard start < bytes.count else { throw Failure(offset: start) }
        var end = bytes.count
        while end > start, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[end - 1]) { end -= 1 }
        if bytes[start] != UInt8(ascii: "{") {
            let valueEnd = try skipValue(start)
            guard valueEnd == end else { throw Failure(offset: valueEnd) }
        }
        return start..<end
    }

    func isNull(_ range: Range<Int>) -> Bool {
        range.count == 4 && bytes[range.lowerBound] == UInt8(ascii: "n")
    }

    /// A member of an object: its key, its value's range, and, when the value is an array, its elements' ranges
    /// (found while skipping it, so the array is not walked again).
    struct Member {
        let key: String
        let value: Range<Int>
        let elements: [Range<Int>]?
    }

    /// The members of the object at `range`; nil when it is not an object.
    func members(_ range: Range<Int>) throws(Failure) -> [Member]? {
        guard bytes[range.lowerBound] == UInt8(ascii: "{") else { return nil }
        var result: [Member] = []
        var position = skipWhitespace(range.lowerBound + 1)
        if position < bytes.count, bytes[position] == UInt8(ascii: "}") {
            guard position + 1 == range.upperBound else { throw Failure(offset: position + 1) }
            return result
        }
        while true {
            let (key, afterKey) = try string(position)
            position = skipWhitespace(afterKey)
            guard position < bytes.count, bytes[position] == UInt8(ascii: ":") else { throw Failure(offset: position) }
            let start = skipWhitespace(position + 1)
            guard start < bytes.count else { throw Failure(offset: start) }
            var elements: [Range<Int>]?
            let end: Int
            if bytes[start] == UInt8(ascii: "[") {
                var found: [Range<Int>] = []
                end = try skipContainer(start, elements: &found)
                elements = found
            } else {
                if let known = knownEnd(start) { end = known } else { end = try skipValue(start) }
            }
            result.append(Member(key: key, value: start..<end, elements: elements))
            position = skipWhitespace(end)
            guard position < bytes.count else { throw Failure(offset: position) }
            if bytes[position] == UInt8(ascii: "}") {
                guard position + 1 == range.upperBound else { throw Failure(offset: position + 1) }
                return result
            }
            guard bytes[position] == UInt8(ascii: ",") else { throw Failure(offset: position) }
            position = skipWhitespace(position + 1)
        }
    }

    /// The ranges of the elements of the array at `range`; nil when it is not an array.
    func elements(_ range: Range<Int>) throws(Failure) -> [Range<Int>]? {
        guard bytes[range.lowerBound] == UInt8(ascii: "[") else { return nil }
        var result: [Range<Int>] = []
        var position = skipWhitespace(range.lowerBound + 1)
        if position < bytes.count, bytes[position] == UInt8(ascii: "]") { return result }
        while true {
            let end: Int
            if let known = knownEnd(position) { end = known } else { end = try skipValue(position) }
            result.append(position..<end)
            position = skipWhitespace(end)
            guard position < bytes.count else { throw Failure(offset: position) }
            if bytes[position] == UInt8(ascii: "]") { return result }
            guard bytes[position] == UInt8(ascii: ",") else { throw Failure(offset: position) }
            position = skipWhitespace(position + 1)
        }
    }

    /// Builds the value at `range`.
    func value(_ range: Range<Int>) throws(Failure) -> JSONValue {
        var position = range.lowerBound
        let result = try parse(&position, depth: 1)
        guard skipWhitespace(position) >= range.upperBound else { throw Failure(offset: position) }
        return result
    }

    // MARK: - Reading

    private func parse(_ position: inout Int, depth: Int) throws(Failure) -> JSONValue {
        position = skipWhitespace(position)
        guard position < bytes.count else { throw Failure(offset: position) }
        if depth > Self.maxDepth, bytes[position] == UInt8(ascii: "{") || bytes[position] == UInt8(ascii: "[") {
            throw Failure(offset: position, problem: "nested deeper than \(Self.maxDepth) levels")
        }
        switch bytes[position] {
        case UInt8(ascii: "{"):
            var members: [String: JSONValue] = [:]
            position = skipWhitespace(position + 1)
            if position < bytes.count, bytes[position] == UInt8(ascii: "}") {
                position += 1
                return .object(members)
            }
            while true {
                let (key, afterKey) = try string(position)
                position = skipWhitespace(afterKey)
                guard position < bytes.count, bytes[position] == UInt8(ascii: ":") else { throw Failure(offset: position) }
                position += 1
                members[key] = try parse(&position, depth: depth + 1)
                position = skipWhitespace(position)
                guard position < bytes.count else { throw Failure(offset: position) }
                position += 1
                if bytes[position - 1] == UInt8(ascii: "}") { return .object(members) }
                guard bytes[position - 1] == UInt8(ascii: ",") else { throw Failure(offset: position - 1) }
                position = skipWhitespace(position)
            }
        case UInt8(ascii: "["):
            var items: [JSONValue] = []
            position = skipWhitespace(position + 1)
            if position < bytes.count, bytes[position] == UInt8(ascii: "]") {
                position += 1
                return .array(items)
            }
            while true {
                items.append(try parse(&position, depth: depth + 1))
                position = skipWhitespace(position)
                guard position < bytes.count else { throw Failure(offset: position) }
                position += 1
                if bytes[position - 1] == UInt8(ascii: "]") { return .array(items) }
                guard bytes[position - 1] == UInt8(ascii: ",") else { throw Failure(offset: position - 1) }
            }
        case UInt8(ascii: "\""):
            let (text, end) = try string(position)
            position = end
            return .string(text)
        case UInt8(ascii: "t"):
            try literal("true", &position)
            return .bool(true)
        case UInt8(ascii: "f"):
            try literal("false", &position)
            return .bool(false)
        case UInt8(ascii: "n"):
            try literal("null", &position)
            return .null
        default:
            let start = position
            position = try skipNumber(position)
            guard let number = Double(String(decoding: bytes[start..<position], as: UTF8.self)) else {
                throw Failure(offset: start)
            }
            return .number(number)
        }
    }

    private func literal(_ word: StaticString, _ position: inout Int) throws(Failure) {
        let count = word.utf8CodeUnitCount
        guard position + count <= bytes.count else { throw Failure(offset: position) }
        let matches = word.withUTF8Buffer { buffer in
            (0..<count).allSatisfy { bytes[position + $0] == buffer[$0] }
        }
        guard matches else { throw Failure(offset: position) }
        position += count
    }

    /// The string starting at `position` (a `"`), decoded, and the offset after its closing quote.
    private func string(_ position: Int) throws(Failure) -> (String, Int) {
        guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else { throw Failure(offset: position) }
        var index = position + 1
        let start = index
        while index < bytes.count, bytes[index] != UInt8(ascii: "\""), bytes[index] != UInt8(ascii: "\\") { index += 1 }
        guard index < bytes.count else { throw Failure(offset: index) }
        if bytes[index] == UInt8(ascii: "\"") {
            return (String(decoding: bytes[start..<index], as: UTF8.self), index + 1)
        }
        var scalars = Array(bytes[start..<index])
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") { return (String(decoding: scalars, as: UTF8.self), index + 1) }
            guard byte == UInt8(ascii: "\\") else {
                scalars.append(byte)
                index += 1
                continue
            }
            guard index + 1 < bytes.count else { throw Failure(offset: index) }
            let escape = bytes[index + 1]
            index += 2
            switch escape {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): scalars.append(escape)
            case UInt8(ascii: "b"): scalars.append(8)
            case UInt8(ascii: "f"): scalars.append(12)
            case UInt8(ascii: "n"): scalars.append(10)
            case UInt8(ascii: "r"): scalars.append(13)
            case UInt8(ascii: "t"): scalars.append(9)
            case UInt8(ascii: "u"):
                var code = try hex4(index)
                index += 4
                if (0xD800..<0xDC00).contains(code), index + 6 <= bytes.count, bytes[index] == UInt8(ascii: "\\"),
                   bytes[index + 1] == UInt8(ascii: "u") {
                    let low = try hex4(index + 2)
                    if (0xDC00..<0xE000).contains(low) {
                        code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                        index += 6
                    }
                }
                scalars.append(contentsOf: String(Unicode.Scalar(code).map(Character.init) ?? "\u{FFFD}").utf8)
            default:
                throw Failure(offset: index - 1)
            }
        }
        throw Failure(offset: index)
    }

    private func hex4(_ position: Int) throws(Failure) -> UInt32 {
        guard position + 4 <= bytes.count else { throw Failure(offset: position) }
        var value: UInt32 = 0
        for byte in bytes[position..<(position + 4)] {
            let digit: UInt32
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
            default: throw Failure(offset: position)
            }
            value = value * 16 + digit
        }
        return value
    }

    // MARK: - Skipping

    private func skipWhitespace(_ position: Int) -> Int {
        var index = position
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return index
            }
        }
        return index
    }

    /// The offset just after the value starting at `position`, without building it.
    private func skipValue(_ position: Int) throws(Failure) -> Int {
        guard position < bytes.count else { throw Failure(offset: position) }
        switch bytes[position] {
        case UInt8(ascii: "\""):
            var index = position + 1
            while index < bytes.count {
                switch bytes[index] {
                case UInt8(ascii: "\""): return index + 1
                case UInt8(ascii: "\\"): index += 2
                default: index += 1
                }
            }
            throw Failure(offset: position)
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            var ignored: [Range<Int>] = []
            return try skipContainer(position, elements: &ignored)
        case UInt8(ascii: "t"):
            var end = position
            try literal("true", &end)
            return end
        case UInt8(ascii: "f"):
            var end = position
            try literal("false", &end)
            return end
        case UInt8(ascii: "n"):
            var end = position
            try literal("null", &end)
            return end
        default:
            return try skipNumber(position)
        }
    }

    /// The offset just after the object or array at `position`; for an array, `elements` receives the ranges of its
    /// elements (whitespace trimmed). Strings are jumped over with `memchr`, so the walk is fast on policy text.
    private func skipContainer(_ position: Int, elements: inout [Range<Int>]) throws(Failure) -> Int {
        let isArray = bytes[position] == UInt8(ascii: "[")
        var found: [Range<Int>] = []
        let end = bytes.withUnsafeBufferPointer { buffer -> Int? in
            guard let base = buffer.baseAddress else { return nil }
            func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }
            var depth = 0
            var index = position
            var elementStart = -1
            func closeElement(_ at: Int) {
                guard elementStart >= 0 else { return }
                var last = at
                while last > elementStart, isSpace(buffer[last - 1]) { last -= 1 }
                if last > elementStart { found.append(elementStart..<last) }
                elementStart = -1
            }
            while index < buffer.count {
                let byte = buffer[index]
                if isArray, depth == 1, elementStart < 0, !isSpace(byte), byte != UInt8(ascii: ","),
                   byte != UInt8(ascii: "]") {
                    elementStart = index
                    if let end = knownEnd(index) {
                        index = end
                        continue
                    }
                }
                switch byte {
                case UInt8(ascii: "\""):
                    var search = index + 1
                    while true {
                        guard search < buffer.count,
                              let hit = memchr(base + search, Int32(UInt8(ascii: "\"")), buffer.count - search) else {
                            return nil
                        }
                        let quote = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                        var backslashes = 0
                        while quote - backslashes - 1 > index, buffer[quote - backslashes - 1] == UInt8(ascii: "\\") {
                            backslashes += 1
                        }
                        if backslashes % 2 == 0 {
                            index = quote
                            break
                        }
                        search = quote + 1
                    }
                case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    depth -= 1
                    if depth == 0 {
                        if isArray { closeElement(index) }
                        return index + 1
                    }
                case UInt8(ascii: ","):
                    if isArray, depth == 1 { closeElement(index) }
                default: break
                }
                index += 1
            }
            return nil
        }
        guard let end else { throw Failure(offset: position) }
        elements = found
        return end
    }

    private func skipNumber(_ position: Int) throws(Failure) -> Int {
        var index = position
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "."),
                 UInt8(ascii: "e"), UInt8(ascii: "E"):
                index += 1
            default:
                guard index > position else { throw Failure(offset: position) }
                return index
            }
        }
        guard index > position else { throw Failure(offset: position) }
        return index
    }
}
