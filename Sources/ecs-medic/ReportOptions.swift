import ArgumentParser
import ECSMedic
import Foundation

/// Output and gating flags shared by the commands that report findings.
struct ReportOptions: ParsableArguments {
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    enum FailOn: String, ExpressibleByArgument, CaseIterable {
        case error, warning, note, never

        var severity: Severity? { Severity(rawValue: rawValue) }
    }

    enum ColorChoice: String, ExpressibleByArgument, CaseIterable {
        case auto, always, never
    }

    @Option(help: "Output format.")
    var format: Format = .text

    @Option(help: "Write the result to this file instead of standard output.")
    var output: String?

    @Option(name: .customLong("fail-on"), help: "Exit 1 when a finding has at least this severity.")
    var failOn: FailOn = .error

    @Option(name: .customLong("rules"), help: "A folder of extra rule files (repeatable).")
    var ruleFolders: [String] = []

    @Option(name: .customLong("rule"), help: "Run only this rule (repeatable).")
    var onlyRules: [String] = []

    @Option(name: .customLong("skip-rule"), help: "Do not run this rule (repeatable).")
    var skippedRules: [String] = []

    @Option(help: "Colour in text output.")
    var color: ColorChoice = .auto

    func ruleSet() throws -> RuleSet {
        try RuleSet.load(folders: ruleFolders, only: onlyRules, skip: skippedRules)
    }

    /// Colour only on a terminal, never with NO_COLOR, unless forced.
    var useColor: Bool {
        switch color {
        case .always: return true
        case .never: return false
        case .auto:
            return output == nil && isatty(STDOUT_FILENO) != 0 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
        }
    }

    /// Writes the result to `--output` or standard output.
    func emit(_ text: String) throws {
        if let output {
            do {
                try text.write(toFile: output, atomically: true, encoding: .utf8)
            } catch {
                throw InputError("--output \(output): cannot write the file")
            }
        } else {
            FileHandle.standardOutput.write(Data(text.utf8))
        }
    }
}
