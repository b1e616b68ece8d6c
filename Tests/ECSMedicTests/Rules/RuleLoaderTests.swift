import Foundation
@testable import ECSMedic
import Testing

@Suite struct RuleLoaderTests {
    static let valid = """
    id: my-rule
    title: A title
    severity: warning
    category: network
    rationale: Why.
    when:
      path:
        to: [logs]
        at: [route]
    message: "{target} from {subnets}"
    fixes: [add-interface-endpoint]
    examples:
      - fixture: a
        fires: true
      - fixture: b
        fires: false
    """

    @Test func readsAValidRule() throws {
        let rule = try RuleLoader().rule(fromYAML: Self.valid, file: "r.yaml")
        #expect(rule.id == "my-rule")
        #expect(rule.severity == .warning)
        #expect(rule.condition == .path(needs: ["logs"], outcome: .blocked, at: [.route]))
        #expect(rule.examples.map(\.fires) == [true, false])
    }

    @Test func aMisspeltFieldNamesTheFileAndLine() {
        let yaml = Self.valid.replacingOccurrences(of: "severity: warning", with: "severty: warning")
        #expect(throws: InputError("r.yaml:3: unknown field \"severty\" (fields: category, examples, explains, fixes, id, message, overrides, rationale, severity, title, when)")) {
            try RuleLoader().rule(fromYAML: yaml, file: "r.yaml")
        }
    }

    @Test(arguments: [
        ("severity: warning", "severity: fatal", "severity \"fatal\" must be error, warning or note"),
        ("to: [logs]", "to: [logz]", "unknown need \"logz\""),
        ("at: [route]", "at: [routes]", "unknown hop \"routes\""),
        ("fixes: [add-interface-endpoint]", "fixes: [add-endpoint]", "unknown fix \"add-endpoint\""),
        ("\"{target} from {subnets}\"", "\"{targets}\"", "unknown placeholder {targets}"),
        ("    fires: false", "    fires: true", "at least one example that fires and one near miss"),
        ("id: my-rule", "id: My Rule", "must be lower-case words joined by hyphens"),
    ])
    func badValuesAreOneLineErrors(original: String, replacement: String, expected: String) {
        let yaml = Self.valid.replacingOccurrences(of: original, with: replacement)
        do {
            _ = try RuleLoader().rule(fromYAML: yaml, file: "r.yaml")
            Issue.record("accepted \(replacement)")
        } catch let error as InputError {
            #expect(error.message.hasPrefix("r.yaml:"))
            #expect(error.message.contains(expected), "\(error.message)")
            #expect(!error.message.contains("\n"))
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test func malformedYAMLIsAnInputError() {
        #expect(throws: InputError.self) { try RuleLoader().rule(fromYAML: "id: [unclosed", file: "r.yaml") }
    }

    @Test func reusingABuiltinIdNeedsOverrides() throws {
        let folder = FileManager.default.temporaryDirectory.appending(path: "rules-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let yaml = Self.valid.replacingOccurrences(of: "id: my-rule", with: "id: ssm-unreachable")
        try yaml.write(to: folder.appending(path: "ssm.yaml"), atomically: true, encoding: .utf8)
        #expect(throws: InputError.self) { try RuleSet.load(folders: [folder.path]) }
        try (yaml + "\noverrides: ssm-unreachable\n").write(to: folder.appending(path: "ssm.yaml"), atomically: true, encoding: .utf8)
        let rules = try RuleSet.load(folders: [folder.path])
        #expect(rules.rule("ssm-unreachable")?.severity == .warning)
    }
}
