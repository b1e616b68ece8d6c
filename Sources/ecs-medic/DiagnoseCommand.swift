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

    @OptionGroup var logs: LogOptions

    @OptionGroup var aws: AWSOptions

    func run() async throws {
        let configuration = try report.configuration()
        let rules = try report.ruleSet(configuration)
        let (facts, selector, unreadFiles) = try await FactCollection.target(snapshot, selector: target.selector(database: database),
                                                                              aws: aws, logs: logs.limits, color: report.color)
        let result = try Diagnoser(rules: rules.rules).diagnose(facts, selecting: selector)
        try report.finish(Report(results: [result], unreadFiles: unreadFiles), configuration: configuration,
                          rules: rules.rules, showPaths: path)
    }
}
