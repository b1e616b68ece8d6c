/// Escaping for the markup formats (HTML with inline SVG, JUnit XML): every piece of text that comes from AWS
/// (names, tags, messages, policies) goes through it, so that no value can open an element, close an attribute or
/// start a script.
enum MarkupText {
    /// Text safe both between tags and inside a double- or single-quoted attribute value, in HTML and in XML 1.0;
    /// control characters other than tab, line feed and carriage return (which neither allows) become U+FFFD.
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
            case "\t", "\n", "\r": escaped.unicodeScalars.append(scalar)
            case _ where scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value): escaped += "\u{FFFD}"
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }
}
