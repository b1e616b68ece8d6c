import AWSClient
import ArgumentParser
import ECSMedic
import Foundation

struct DiagnoseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diagnose",
        abstract: "Explain why a task could not start (or will not), with the evidence and the fix.")

    @OptionGroup var target: TargetOptions

    @Option(help: "A snapshot file or a folder of `aws ... --output json` files (default: ask AWS, read-only).")
    var snapshot: String?

    @Option(help: "The DB cluster or instance the task connects to, when it cannot be discovered.")
    var database: String?

    @Flag(help: "Print the full network path behind each reachability verdict.")
    var path = false

    @OptionGroup var report: ReportOptions

    @OptionGroup var aws: AWSOptions

    func run() async throws {
        let rules = try report.ruleSet()
        let selector = target.selector(database: database)
        let facts = try FactsDecoder().facts(from: try await FactCollection.snapshot(snapshot, selector: selector, aws: aws))
        let result = try Diagnoser(rules: rules.rules).diagnose(facts, selecting: selector)
        let output = Report(results: [result])
        switch report.format {
        case .json: try report.emit(try output.json())
        case .text: try report.emit(TextReporter(color: report.useColor, showPaths: path).render(output))
        }
        let code = output.exitCode(failOn: report.failOn.severity)
        if code != 0 { throw ExitCode(code) }
    }
}
