import ArgumentParser
import ECSMedic
import Foundation

/// Output and gating flags shared by the commands that report findings; `.ecs-medic.yaml` (or `--config`)
/// supplies defaults for the ones not given.
struct ReportOptions: ParsableArguments {
    enum FailOn: String, ExpressibleByArgument, CaseIterable {
        case error, warning, note, never

        var severity: Severity? { Severity(rawValue: rawValue) }
    }

    enum ColorChoice: String, ExpressibleByArgument, CaseIterable {
        case auto, always, never
    }

    @Option(help: "Output format: text, json, markdown, sarif, junit or html (default: text).")
    var format: ReportRenderer.Format?

    @Option(help: "Write the result to this file instead of standard output.")
    var output: String?

    @Option(name: .customLong("fail-on"), help: "Exit 1 when a finding has at least this severity (default: error).")
    var failOn: FailOn?

    @Option(name: .customLong("rules"), help: "A folder of extra rule files (repeatable).")
    var ruleFolders: [String] = []

    @Option(name: .customLong("rule"), help: "Run only this rule (repeatable).")
    var onlyRules: [String] = []

    @Option(name: .customLong("skip-rule"), help: "Do not run this rule (repeatable).")
    var skippedRules: [String] = []

    @Option(help: "Colour in text output.")
    var color: ColorChoice = .auto

    @Option(help: "The configuration file (default: .ecs-medic.yaml in the working directory, when there is one).")
    var config: String?

    func configuration() throws -> Configuration {
        try Configuration.load(path: config)
    }

    func resolvedFormat(_ configuration: Configuration) -> ReportRenderer.Format {
        format ?? configuration.defaults.format.flatMap(ReportRenderer.Format.init(rawValue:)) ?? .text
    }

    func resolvedFailOn(_ configuration: Configuration) -> Severity? {
        (failOn ?? configuration.defaults.failOn.flatMap(FailOn.init(rawValue:)) ?? .error).severity
    }

    /// The rules to run: flags first, else the configuration's defaults, with its severities.
    func ruleSet(_ configuration: Configuration) throws -> RuleSet {
        let rules = try RuleSet.load(
            folders: ruleFolders.isEmpty ? configuration.defaults.ruleFolders : ruleFolders,
            only: onlyRules.isEmpty ? configuration.defaults.onlyRules : onlyRules,
            skip: skippedRules.isEmpty ? configuration.defaults.skippedRules : skippedRules)
        return RuleSet(rules: configuration.applySeverities(to: rules.rules))
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

    /// Applies the suppressions, renders the report, writes it, prints notices on stderr and exits with the
    /// code of design.md §3.
    func finish(_ report: Report, configuration: Configuration, rules: [Rule], baseline: Baseline? = nil,
                taskDefinitionFile: TaskDefinitionFile? = nil, showPaths: Bool = false) throws {
        let report = configuration.applySuppressions(to: report, today: Configuration.today())
        let failOn = resolvedFailOn(configuration)
        let renderer = ReportRenderer(format: resolvedFormat(configuration), rules: rules, failOn: failOn,
                                      baseline: baseline, taskDefinitionFile: taskDefinitionFile,
                                      color: useColor, showPaths: showPaths)
        try emit(try renderer.render(report))
        if renderer.format != .text || output != nil {
            for notice in report.notices ?? [] {
                FileHandle.standardError.write(Data("ecs-medic: notice: \(notice)\n".utf8))
            }
        }
        let code = report.exitCode(failOn: failOn, baseline: baseline)
        if code != 0 { throw ExitCode(code) }
    }

    /// Writes the result to `--output` or standard output.
    func emit(_ text: String) throws {
        if let output {
            do {
                try OutputFile.write(text, to: output)
            } catch {
                throw InputError("--output \(output): cannot write the file")
            }
        } else {
            FileHandle.standardOutput.write(Data(text.utf8))
        }
    }
}

extension ReportRenderer.Format: ExpressibleByArgument {}
