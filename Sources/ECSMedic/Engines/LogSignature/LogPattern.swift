import Foundation

/// A signature's regular expression compiled once, with the placeholders of the catalog expanded and the values of
/// its named groups read back as `LogSignatureCaptures`.
struct LogPattern: @unchecked Sendable {
    // NSRegularExpression is immutable once built and documented as safe to share between threads.
    private let regex: NSRegularExpression
    private let groups: Set<String>
    /// Text every match contains, checked before the regular expression runs: most log lines hold none of the
    /// catalog's literals, and a substring search costs far less than a regular expression.
    let literal: [UInt8]?

    /// The named groups a pattern may use.
    static let groupNames: Set<String> = ["host", "address", "port", "name", "status", "seconds", "bytes"]

    /// A host as runtimes print it: an IPv6 address in brackets, a bare IPv6 address (two colons or more, as Node
    /// prints `::1:6379`), or a DNS name or IPv4 address.
    static let host = #"\[[0-9A-Fa-f:.]+(?:%[0-9A-Za-z]+)?\]|(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4}|[A-Za-z0-9_](?:[A-Za-z0-9_.\-]*[A-Za-z0-9_])?"#
    /// An IPv4 or IPv6 address printed beside a host name.
    static let address = #"[0-9]{1,3}(?:\.[0-9]{1,3}){3}|[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}"#
    static let port = #"[0-9]{1,5}"#

    /// `{host}`, `{address}` and `{port}` in a pattern stand for those named groups, so that what a host looks like
    /// is written once.
    static func expand(_ source: String) -> String {
        source.replacingOccurrences(of: "{host}", with: "(?<host>\(host))")
            .replacingOccurrences(of: "{address}", with: "(?<address>\(address))")
            .replacingOccurrences(of: "{port}", with: "(?<port>\(port))")
    }

    /// The group names a pattern declares with `(?<name>`.
    static func declaredGroups(_ expanded: String) -> [String] {
        let declaration = try! NSRegularExpression(pattern: #"\(\?<([A-Za-z][A-Za-z0-9]*)>"#)
        return declaration.matches(in: expanded, range: NSRange(expanded.startIndex..., in: expanded)).compactMap {
            Range($0.range(at: 1), in: expanded).map { String(expanded[$0]) }
        }
    }

    /// Compiles an expanded pattern; throws NSRegularExpression's error for bad syntax.
    init(expanded: String) throws {
        regex = try NSRegularExpression(pattern: expanded)
        groups = Set(Self.declaredGroups(expanded))
        literal = Self.requiredLiteral(expanded).map { Array($0.utf8) }
    }

    /// False when the text (as UTF-8) lacks the pattern's literal, so that the pattern cannot match it.
    func mayMatch(_ utf8: [UInt8]) -> Bool {
        guard let literal, let first = literal.first else { return true }
        guard utf8.count >= literal.count else { return false }
        var start = 0
        while start <= utf8.count - literal.count {
            if utf8[start] == first {
                var offset = 1
                while offset < literal.count, utf8[start + offset] == literal[offset] { offset += 1 }
                if offset == literal.count { return true }
            }
            start += 1
        }
        return false
    }

    /// The longest run of plain characters (at least 4) that every match of a pattern contains, read from the top
    /// level of the pattern; nil for a pattern with a top-level alternative or inline flags, where there is none.
    static func requiredLiteral(_ pattern: String) -> String? {
        let characters = Array(pattern)
        var runs: [String] = []
        var run = ""
        func endRun() {
            if !run.isEmpty { runs.append(run) }
            run = ""
        }
        /// The index after the group or class that starts at `start`.
        func skipBracketed(from start: Int) -> Int {
            var index = start
            var depth = 0
            var inClass = false
            while index < characters.count {
                let character = characters[index]
                if character == "\\" {
                    index += 2
                    continue
                }
                if inClass {
                    if character == "]" { inClass = false; if depth == 0 { return index + 1 } }
                } else if character == "[" {
                    inClass = true
                    if index + 1 < characters.count, characters[index + 1] == "^" { index += 1 }
                    if index + 1 < characters.count, characters[index + 1] == "]" { index += 1 }
                } else if character == "(" {
                    depth += 1
                } else if character == ")" {
                    depth -= 1
                    if depth == 0 { return index + 1 }
                }
                index += 1
            }
            return index
        }
        var index = 0
        while index < characters.count {
            let character = characters[index]
            switch character {
            case "\\":
                guard index + 1 < characters.count else { return nil }
                let escaped = characters[index + 1]
                if escaped.isLetter || escaped.isNumber { endRun() } else { run.append(escaped) }
                index += 2
            case "(":
                if characters[index...].starts(with: "(?i") || characters[index...].starts(with: "(?x") { return nil }
                endRun()
                index = skipBracketed(from: index)
            case "[":
                endRun()
                index = skipBracketed(from: index)
            case "|":
                return nil
            case "?", "*", "+", "{":
                // The quantified character (or group) may be absent or repeated: the run ends before it.
                if !run.isEmpty { run.removeLast() }
                endRun()
                if character == "{" {
                    while index < characters.count, characters[index] != "}" { index += 1 }
                }
                index += 1
            case ".", "^", "$":
                endRun()
                index += 1
            default:
                run.append(character)
                index += 1
            }
            // A quantifier right after a group or class makes it optional or repeated; its text was never in a run.
            if index < characters.count, "?*+{".contains(characters[index]), run.isEmpty {
                if characters[index] == "{" {
                    while index < characters.count, characters[index] != "}" { index += 1 }
                }
                index += 1
                if index < characters.count, characters[index] == "?" || characters[index] == "+" { index += 1 }
            }
        }
        endRun()
        return runs.max { $0.count < $1.count }.flatMap { $0.count >= 4 ? $0 : nil }
    }

    /// The captures of the first match that starts within the first `firstLineLength` UTF-16 units of `text`, and
    /// how many lines of `text` (joined by `\n`) the match covers.
    func firstMatch(in text: String, startingBefore firstLineLength: Int) -> (captures: LogSignatureCaptures, lines: Int)? {
        let whole = NSRange(location: 0, length: text.utf16.count)
        guard let result = regex.firstMatch(in: text, range: whole), result.range.location < firstLineLength
        else { return nil }
        func value(_ group: String) -> String? {
            guard groups.contains(group) else { return nil }
            let range = result.range(withName: group)
            guard range.location != NSNotFound, let swiftRange = Range(range, in: text) else { return nil }
            return String(text[swiftRange])
        }
        var captures = LogSignatureCaptures()
        captures.host = value("host").map(Self.withoutBrackets)
        captures.address = value("address")
        captures.port = value("port").flatMap(Int.init).flatMap { (0...65535).contains($0) ? $0 : nil }
        captures.name = value("name")
        captures.status = value("status").flatMap(Int.init)
        captures.seconds = value("seconds").flatMap(Double.init)
        captures.bytes = value("bytes").flatMap(Int.init)
        let matched = Range(result.range, in: text).map { text[$0] } ?? ""
        return (captures, 1 + matched.reduce(0) { $1 == "\n" ? $0 + 1 : $0 })
    }

    private static func withoutBrackets(_ host: String) -> String {
        host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
    }
}
