import Foundation

/// Domain names as Route 53 prints them, compared case-insensitively and without the final dot (`\052` is the
/// escaped `*` of a wildcard record).
enum DNSName {
    static func normalized(_ name: String) -> String {
        var text = name.lowercased().replacingOccurrences(of: "\\052", with: "*")
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }

    /// True when `host` is `domain` or lies under it.
    static func isWithin(_ host: String, _ domain: String) -> Bool {
        host == domain || host.hasSuffix("." + domain)
    }
}
