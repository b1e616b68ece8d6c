import AWSClient
import Foundation

/// Names for the identifiers fix snippets declare: Terraform labels and variables (snake_case) and CloudFormation
/// logical ids and parameters (PascalCase), derived from the real resource ids so merged snippets never collide.
enum FixNames {
    static func snake(_ parts: String...) -> String {
        words(parts).map { $0.lowercased() }.joined(separator: "_")
    }

    static func pascal(_ parts: String...) -> String {
        words(parts).map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }

    private static func words(_ parts: [String]) -> [String] {
        parts.flatMap { $0.split { !($0.isASCII && ($0.isLetter || $0.isNumber)) }.map(String.init) }
    }

    /// A JSON document as one line with sorted keys (also valid YAML flow style).
    static func json(_ value: JSONValue) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }

    /// A string literal that is valid in both HCL and YAML double-quoted form (JSON escaping; HCL templates
    /// `${` and `%{` escaped).
    static func quoted(_ text: String) -> String {
        json(.string(text)).replacingOccurrences(of: "${", with: "$${").replacingOccurrences(of: "%{", with: "%%{")
    }
}
