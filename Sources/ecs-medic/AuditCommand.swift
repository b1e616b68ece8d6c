import AWSClient
import ArgumentParser
import ECSMedic
import Foundation

struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Check every service of the given clusters (default: all) and report or gate on the findings.")

    @Option(help: "Audit this cluster's services (name or ARN; repeatable; default: every cluster).")
    var cluster: [String] = []

    @Option(help: "Audit this region (repeatable; default: the AWS CLI's region); with --snapshot, the snapshot's region must be one of them.")
    var region: [String] = []

    @Option(help: "A snapshot file or a folder of `aws ... --output json` files holding the services to audit (default: ask AWS, read-only).")
    var snapshot: String?

    @Option(help: "Also write what a live audit collected to this snapshot file (one --region only).")
    var record: String?

    @Option(help: "A previous JSON report: fail only on findings that are not in it.")
    var baseline: String?

    @Option(help: "How many AWS calls a live audit makes at once (default 8, or the config file's).")
    var concurrency: Int?

    @Flag(help: "Do not draw the progress bar on a terminal.")
    var noProgress = false

    @Option(help: "Profile of the AWS shared config and credentials files (default: AWS_PROFILE, else default).")
    var profile: String?

    @Option(name: .customLong("role-arn"), help: "Assume this IAM role on top of the resolved credentials.")
    var roleARN: String?

    @Option(help: "Seconds allowed for all AWS calls of each region's collection (default 900; each request gets at most 20 s); calls still outstanding then are reported unverified.")
    var timeout: Double = 900

    @Flag(help: "Log each AWS call to stderr, and the calls each dependent round made.")
    var debug = false

    @Option(help: "Read the logs, target health and metrics of services with a task stopped since then: a duration (30m, 2h, 1d, PT1H) or an ISO 8601 time (default: 1h).")
    var since: String = "1h"

    @OptionGroup var logs: LogOptions

    @OptionGroup var report: ReportOptions

    func validate() throws {
        if let concurrency, concurrency < 1 { throw ValidationError("--concurrency must be at least 1") }
        if !(timeout > 0) { throw ValidationError("--timeout must be a positive number of seconds") }
        if snapshot != nil, record != nil { throw ValidationError("--record writes a live collection: not with --snapshot") }
        if record != nil, region.count > 1 { throw ValidationError("--record takes one region's collection: give one --region") }
        if StopWindow(since, now: 0) == nil {
            throw ValidationError("--since \(since): not a duration (30m, 2h, 1d, PT1H) or an ISO 8601 time")
        }
    }

    func run() async throws {
        let configuration = try report.configuration()
        let rules = try report.ruleSet(configuration)
        let baseline = try baseline.map(Baseline.load(from:))
        let progress = ProgressBar(enabled: !noProgress && isatty(STDERR_FILENO) != 0)
        let auditor = Auditor(rules: rules.rules)
        let (collected, unreadFiles) = try await collectedFacts(concurrency: concurrency ?? configuration.defaults.concurrency ?? 8,
                                                                progress: progress)
        var regions = collected
        // Live, a region without services is no error as long as another region has some.
        if regions.count > 1 {
            let audited = regions.filter { !auditor.services(in: $0, clusters: cluster).isEmpty }
            if !audited.isEmpty { regions = audited }
        }
        // Nothing to audit because ECS could not be asked (access denied, throttled): a fact not collected, exit 3.
        if regions.allSatisfy({ auditor.services(in: $0, clusters: cluster).isEmpty }) {
            let failures = regions.flatMap(\.unverified).filter { fact in
                fact.permission?.hasPrefix("ecs:") == true && fact.reason != "ClusterNotFoundException"
            }
            if !failures.isEmpty {
                let lines = failures.map { "ecs-medic: cannot list the services to audit: \($0.fact): \($0.reason) (needs \($0.permission ?? "?"))\n" }
                FileHandle.standardError.write(Data(lines.joined().utf8))
                throw ExitCode(3)
            }
        }
        var results: [DiagnosisResult] = []
        for facts in regions {
            results += try auditor.audit(facts, clusters: cluster) { done, total in
                progress.update(done, of: total)
            }
        }
        progress.finish()
        try report.finish(Report(results: results, unreadFiles: unreadFiles), configuration: configuration, rules: rules.rules, baseline: baseline)
    }

    /// The facts of each region: the snapshot's, or collected live, one region after the other.
    /// With a snapshot, also the files of it that were not read.
    private func collectedFacts(concurrency: Int, progress: ProgressBar) async throws -> ([Facts], [UnreadFile]) {
        if let snapshot {
            let loaded = try FactCollection.loadFacts(snapshot)
            let facts = try loaded.facts()
            if !region.isEmpty, let snapshotRegion = facts.region, !region.contains(snapshotRegion) {
                throw InputError("--snapshot \(snapshot) holds region \(snapshotRegion), not \(region.joined(separator: ", "))")
            }
            return ([facts], loaded.unreadFiles)
        }
        var all: [Facts] = []
        for region in region.isEmpty ? [nil] : region.map(Optional.some) {
            let client = AWSClient(configuration: try AWSOptions.configuration(profile: profile, region: region, roleARN: roleARN,
                                                                               timeout: timeout, debug: debug))
            let started = Date()
            let label = "collecting \(client.configuration.region): AWS calls made"
            let (collected, rounds) = try await AuditCollector(client: client, concurrency: concurrency) { calls in
                progress.count(calls, of: label)
            }.collect(clusters: cluster, window: StopWindow(since, now: Date().timeIntervalSince1970), logs: logs.limits)
            progress.finish()
            if debug {
                let elapsed = String(format: "%.2f", Date().timeIntervalSince(started))
                let services = try FactsDecoder().facts(from: collected).services?.count ?? 0
                FileHandle.standardError.write(Data("collected \(rounds.reduce(0, +)) calls for \(services) services of \(client.configuration.region) in \(rounds.count) dependent rounds (\(rounds.map(String.init).joined(separator: " + "))) in \(elapsed) s\n".utf8))
            }
            if let record {
                do {
                    try collected.json().write(toFile: record, atomically: true, encoding: .utf8)
                } catch {
                    throw InputError("--record \(record): cannot write the file")
                }
            }
            all.append(try FactsDecoder().facts(from: collected))
        }
        return (all, [])
    }
}
