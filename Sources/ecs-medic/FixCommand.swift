import AWSClient
import ArgumentParser
import ECSMedic
import Foundation

struct FixCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fix",
        abstract: "Print the fixes of a diagnosis, merged, as an IAM policy, AWS CLI commands, Terraform or CloudFormation.")

    @OptionGroup var target: TargetOptions

    @Option(help: "A snapshot file or a folder of `aws ... --output json` files (default: ask AWS, read-only).")
    var snapshot: String?

    @Option(help: "The DB cluster or instance the task connects to, when it cannot be discovered.")
    var database: String?

    @Option(help: "The form to print: \(FixForm.allCases.map(\.rawValue).joined(separator: ", ")).")
    var emit: FixForm

    @OptionGroup var report: ReportOptions

    @OptionGroup var aws: AWSOptions

    func run() async throws {
        let rules = try report.ruleSet(try report.configuration())
        let selector = target.selector(database: database)
        let facts = try FactsDecoder().facts(from: try await FactCollection.snapshot(snapshot, selector: selector, aws: aws))
        let diagnoser = Diagnoser(rules: rules.rules)
        let result = try diagnoser.diagnose(facts, selecting: selector)
        let plan = FixPlanner(diagnoser: diagnoser).plan(for: result, facts: facts, selector: selector)
        guard let text = plan.render(emit) else {
            let reason = result.findings.isEmpty ? "no findings"
                : plan.chosen.isEmpty ? "no finding has a mechanical fix" : "the fixes have no \(emit.rawValue) form"
            FileHandle.standardError.write(Data("ecs-medic: \(reason)\n".utf8))
            return
        }
        let label = plan.verified
            ? "verified: applied to the facts in memory, the diagnosis finds none of the fixed findings and no new one"
            : "not proven: re-diagnosing with these changes applied still finds a fixed finding or a new one"
        FileHandle.standardError.write(Data("ecs-medic: \(plan.chosen.count) finding\(plan.chosen.count == 1 ? "" : "s") fixed by \(plan.changes.count) change\(plan.changes.count == 1 ? "" : "s"); \(label)\n".utf8))
        try report.emit(text.hasSuffix("\n") ? text : text + "\n")
    }
}

extension FixForm: ExpressibleByArgument {}
