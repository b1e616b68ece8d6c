import ArgumentParser
import ECSMedic
import Foundation

struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Check every service of the given clusters (default: all) and report or gate on the findings.")

    @Option(help: "Audit this cluster's services (name or ARN; repeatable; default: every cluster).")
    var cluster: [String] = []

    @Option(help: "Audit this region (repeatable); with --snapshot, the snapshot's region must be one of them.")
    var region: [String] = []

    @Option(help: "A snapshot file or a folder of `aws ... --output json` files holding the services to audit.")
    var snapshot: String?

    @Option(help: "A previous JSON report: fail only on findings that are not in it.")
    var baseline: String?

    @Option(help: "How many AWS calls a live audit makes at once (live collection only; offline audits run on one thread).")
    var concurrency: Int?

    @Flag(help: "Do not draw the progress bar on a terminal.")
    var noProgress = false

    @OptionGroup var report: ReportOptions

    func validate() throws {
        if let concurrency, concurrency < 1 { throw ValidationError("--concurrency must be at least 1") }
    }

    func run() throws {
        let configuration = try report.configuration()
        let rules = try report.ruleSet(configuration)
        guard let snapshot else {
            throw InputError("audit needs --snapshot PATH: live collection is not part of this build")
        }
        let facts = try FactsDecoder().facts(from: try Snapshot.load(from: snapshot))
        if !region.isEmpty, let snapshotRegion = facts.region, !region.contains(snapshotRegion) {
            throw InputError("--snapshot \(snapshot) holds region \(snapshotRegion), not \(region.joined(separator: ", "))")
        }
        let baseline = try baseline.map(Baseline.load(from:))
        let progress = ProgressBar(enabled: !noProgress && isatty(STDERR_FILENO) != 0)
        let results = try Auditor(rules: rules.rules).audit(facts, clusters: cluster) { done, total in
            progress.update(done, of: total)
        }
        progress.finish()
        try report.finish(Report(results: results), configuration: configuration, rules: rules.rules, baseline: baseline)
    }
}
