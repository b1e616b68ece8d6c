/// Escaping for HTML and inline SVG: every piece of text that comes from AWS (names, tags, messages, policies) goes
/// through it, so that no value can open an element, close an attribute or start a script.
enum HTML {
    /// Text safe both between tags and inside a double- or single-quoted attribute value; control characters other
    /// than tab and line feed (which HTML does not allow) become U+FFFD.
    static func escape(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            case "\t", "\n": escaped.unicodeScalars.append(scalar)
            case _ where scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value): escaped += "\u{FFFD}"
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }

    /// `text` cut to `limit` characters with an ellipsis, keeping its end for ARNs (their last part names the
    /// resource) and its start for everything else.
    static func shortened(_ text: String, to limit: Int) -> String {
        guard text.count > limit else { return text }
        return text.hasPrefix("arn:") ? "…" + text.suffix(limit - 1) : text.prefix(limit - 1) + "…"
    }
}
