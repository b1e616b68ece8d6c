import Foundation
import Testing

/// rules/schema.json, checked by a real JSON Schema validator (Python's jsonschema) on every built-in rule,
/// and shown to reject what the loader rejects.
@Suite struct RuleSchemaTests {
    static func validate(_ files: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "scripts/validate-rules.py", "rules/schema.json"] + files
        process.currentDirectoryURL = FixtureLibrary.packageRoot
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = (try pipe.fileHandleForReading.readToEnd() ?? Data())
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    @Test func everyBuiltinRuleIsValid() throws {
        let rules = try FileManager.default.contentsOfDirectory(atPath: FixtureLibrary.packageRoot.appending(path: "rules").path)
            .filter { $0.hasSuffix(".yaml") }.map { "rules/\($0)" }
        #expect(rules.count >= 7)
        let result = try Self.validate(rules)
        #expect(result.status == 0, "\(result.output)")
    }

    @Test func theSchemaRejectsAMisspeltField() throws {
        let path = FileManager.default.temporaryDirectory.appending(path: "bad-rule-\(UUID().uuidString).yaml").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let text = try String(contentsOfFile: FixtureLibrary.packageRoot.appending(path: "rules/ssm-unreachable.yaml").path, encoding: .utf8)
        try text.replacingOccurrences(of: "severity:", with: "severty:").write(toFile: path, atomically: true, encoding: .utf8)
        let result = try Self.validate([path])
        #expect(result.status == 1)
        #expect(result.output.contains("'severty' was unexpected"), "\(result.output)")
    }
}
