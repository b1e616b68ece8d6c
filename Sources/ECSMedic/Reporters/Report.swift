import Foundation

/// The JSON report (design.md §4): schema version, tool, and one result per diagnosed target.
public struct Report: Sendable, Equatable, Codable {
    public var schemaVersion = 1
    public var tool = Tool()
    public var results: [DiagnosisResult]

    public struct Tool: Sendable, Equatable, Codable {
        public var name = "ecs-medic"
        public var version = ECSMedicVersion.current
    }

    public init(results: [DiagnosisResult]) {
        self.results = results
    }

    /// The findings of every result.
    public var findings: [Finding] { results.flatMap(\.findings) }

    /// Sorted keys and stable bytes, so that golden files and CI diffs stay readable.
    public func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self) + "\n"
    }

    /// The exit code of design.md §3 for this report under `--fail-on` (nil: never fail on findings).
    public func exitCode(failOn threshold: Severity?) -> Int32 {
        if let threshold, findings.contains(where: { $0.severity >= threshold }) { return 1 }
        return results.contains(where: \.incomplete) ? 3 : 0
    }
}
