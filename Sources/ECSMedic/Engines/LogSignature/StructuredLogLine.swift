import Foundation

/// A log line that is one JSON object (structured logging: pino, structlog, zap, logstash, Serilog) read as the text
/// it carries: its string values in document order, JSON escapes decoded, each line of them apart. So
/// `{"msg":"connect ETIMEDOUT 10.0.3.12:5432","stack":"Error: ...\n    at ..."}` reads as the runtime printed it,
/// and the crash signatures match it as they match a plain line.
enum StructuredLogLine {
    /// The lines of text the JSON object `line` holds; nil when `line` is not a JSON object.
    static func texts(of line: String) -> [String]? {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        guard trimmed.hasPrefix("{"), trimmed.hasSuffix("}"),
              (try? JSONSerialization.jsonObject(with: Data(trimmed.utf8))) is [String: Any] else { return nil }
        var texts: [String] = []
        let characters = Array(trimmed.utf8)
        var index = 0
        while index < characters.count {
            guard characters[index] == UInt8(ascii: "\"") else { index += 1; continue }
            var end = index + 1
            while end < characters.count, characters[end] != UInt8(ascii: "\"") {
                end += characters[end] == UInt8(ascii: "\\") ? 2 : 1
            }
            let literal = Data(characters[index...min(end, characters.count - 1)])
            index = end + 1
            var next = index
            while next < characters.count, characters[next] == UInt8(ascii: " ") { next += 1 }
            // A string followed by a colon is a key.
            if next < characters.count, characters[next] == UInt8(ascii: ":") { continue }
            guard let value = try? JSONDecoder().decode(String.self, from: literal) else { continue }
            texts += value.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
        }
        return texts
    }
}
