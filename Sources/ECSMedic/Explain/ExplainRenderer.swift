import Foundation

/// Prints a stopped-reason classification for `ecs-medic explain`: plain text for people, JSON for pipelines.
public enum ExplainRenderer {
    /// The category and title, the facts the message states, then causes, checks and rules.
    public static func text(_ classification: StoppedReasonClassification) -> String {
        var lines = ["\(classification.category): \(classification.title)"]
        let facts: [(String, String?)] = [
            ("service", classification.service), ("error code", classification.errorCode),
            ("retries", classification.retries.map(String.init)), ("resource", classification.resource),
        ]
        for case let (label, value?) in facts { lines.append("  \(label): \(printable(value))") }
        lines.append("")
        lines.append("Likely causes:")
        lines += classification.causes.map { "  - \($0)" }
        lines.append("")
        lines.append("What to check:")
        lines += classification.checks.map { "  - \($0)" }
        lines.append("")
        lines.append("Rules: " + (classification.rules.isEmpty ? "none checks this yet" : classification.rules.joined(separator: ", ")))
        return lines.joined(separator: "\n") + "\n"
    }

    /// The JSON form of design.md §6: sorted keys, absent facts left out, the same bytes for the same message.
    public static func json(_ classification: StoppedReasonClassification) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(classification), as: UTF8.self) + "\n"
    }

    /// A value copied from the message with control characters replaced, so garbage input cannot drive the terminal.
    private static func printable(_ value: String) -> String {
        String(String.UnicodeScalarView(value.unicodeScalars.map { $0.properties.generalCategory == .control ? "?" : $0 }))
    }
}
