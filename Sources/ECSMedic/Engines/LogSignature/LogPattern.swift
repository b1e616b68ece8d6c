import Foundation

/// A signature's regular expression compiled once, with the placeholders of the catalog expanded and the values of
/// its named groups read back as `LogSignatureCaptures`.
struct LogPattern: @unchecked Sendable {
    // NSRegularExpression is immutable once built and documented as safe to share between threads.
    private let regex: NSRegularExpression
    private let groups: Set<String>

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
