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

    @Option(help: "Audit this region (repeatable; default: the AWS CLI's region; `all`: each account's enabled regions, with --accounts or --organization); with --snapshot, the snapshot's region must be one of them.")
    var region: [String] = []

    @Option(parsing: .upToNextOption, help: "Audit these accounts (12-digit ids), assuming --role-name in each.")
    var accounts: [String] = []

    @Flag(help: "Audit every ACTIVE account of the caller's organization (organizations:ListAccounts), assuming --role-name in each.")
    var organization = false

    @Option(name: .customLong("role-name"), help: "The role assumed in each account of --accounts or --organization: arn:<partition>:iam::<account>:role/<NAME>.")
    var roleName: String?

    @Option(name: .customLong("external-id"), help: "The external id the member role's trust policy requires (sts:ExternalId).")
    var externalID: String?

    @Option(help: "A snapshot file, a folder of `aws ... --output json` files, or a folder `--record` wrote for several accounts, holding the services to audit (default: ask AWS, read-only).")
    var snapshot: String?

    @Option(help: "Also write what a live audit collected to this snapshot file (one --region only); with --accounts or --organization, to this folder: one <account>-<region>.json per account-region.")
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
        let several = !accounts.isEmpty || organization
        if record != nil, region.count > 1, !several { throw ValidationError("--record takes one region's collection: give one --region") }
        if !accounts.isEmpty, organization { throw ValidationError("--accounts and --organization exclude each other") }
        if several, roleName == nil { throw ValidationError("--accounts and --organization need --role-name (the role to assume in each account)") }
        if several, snapshot != nil { throw ValidationError("--accounts and --organization audit live: not with --snapshot (a recorded folder names its accounts)") }
        if !several, roleName != nil || externalID != nil { throw ValidationError("--role-name and --external-id go with --accounts or --organization") }
        if !several, region.contains("all") { throw ValidationError("--region all goes with --accounts or --organization") }
        if let bad = accounts.first(where: { $0.count != 12 || !$0.allSatisfy(\.isNumber) }) {
            throw ValidationError("--accounts \(bad): an account id is 12 digits")
        }
        if let roleName, roleName.isEmpty || roleName.contains(":") {
            throw ValidationError("--role-name \(roleName): give the role's name (with its path, if any), not an ARN")
        }
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
        let concurrency = concurrency ?? configuration.defaults.concurrency ?? 8
        if !accounts.isEmpty || organization || snapshot.map(AuditRecording.isRecording) == true {
            let (entries, failures) = try await accountRegions(concurrency: concurrency, progress: progress)
            let (results, unaudited) = try auditor.audit(accountRegions: entries, clusters: cluster) { done, total in
                progress.update(done, of: total)
            }
            progress.finish()
            let all = (failures + unaudited).sorted()
            for failure in all {
                FileHandle.standardError.write(Data("ecs-medic: not audited: \(failure.line)\n".utf8))
            }
            try report.finish(Report(results: results, unauditedAccounts: all), configuration: configuration, rules: rules.rules,
                              baseline: baseline)
            return
        }
        let (collected, unreadFiles) = try await collectedFacts(concurrency: concurrency, progress: progress,
                                                                   documentRoots: rules.factRoots)
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

    /// The account-regions of an audit of several accounts: recorded (`--snapshot DIR`), or collected live, each
    /// account through its role (written to `--record DIR`); and those that could not be collected.
    private func accountRegions(concurrency: Int, progress: ProgressBar) async throws
        -> ([AuditRecording.Entry], [UnauditedAccount]) {
        if let snapshot { return try AuditRecording.load(snapshot) }
        let home = region.first { $0 != "all" }
        let caller = try AWSOptions.configuration(profile: profile, region: home, roleARN: roleARN, timeout: timeout, debug: debug)
        let audit = AccountAudit(caller: caller, roleName: roleName ?? "", externalID: externalID, regions: region,
                                 clusters: cluster, concurrency: concurrency, timeout: timeout)
        var targets = accounts
        if organization {
            do {
                targets = try await audit.organizationAccounts()
            } catch {
                FileHandle.standardError.write(Data("ecs-medic: cannot list the organization's accounts: \(AccountAudit.reason(error)) (needs \(OperationCatalog.listAccounts.permission), from the management account or a delegated administrator)\n".utf8))
                throw ExitCode(3)
            }
        }
        let started = Date()
        let label = "collecting \(targets.count) account\(targets.count == 1 ? "" : "s"): AWS calls made"
        let (collected, unaudited) = await audit.collect(targets) { calls in progress.count(calls, of: label) }
        progress.finish()
        if debug {
            let elapsed = String(format: "%.2f", Date().timeIntervalSince(started))
            let calls = collected.map(\.snapshot.calls.count).reduce(0, +)
            FileHandle.standardError.write(Data("collected \(calls) calls for \(collected.count) account-regions of \(targets.count) accounts in \(elapsed) s\n".utf8))
        }
        let entries = collected.map { AuditRecording.Entry(account: $0.account, region: $0.region, snapshot: $0.snapshot) }
        if let record { try AuditRecording.write(entries, unaudited: unaudited, to: record) }
        return (entries, unaudited)
    }

    /// The facts of each region: the snapshot's, or collected live, one region after the other.
    /// With a snapshot, also the files of it that were not read.
    /// Only the answers the rules' fact conditions read are kept as documents (`documentRoots`).
    private func collectedFacts(concurrency: Int, progress: ProgressBar,
                                documentRoots: Set<FactRoot>) async throws -> ([Facts], [UnreadFile]) {
        if let snapshot {
            let loaded = try FactCollection.loadFacts(snapshot, documentRoots: documentRoots)
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
                let services = try FactsDecoder(documentRoots: documentRoots).facts(from: collected).services?.count ?? 0
                FileHandle.standardError.write(Data("collected \(rounds.reduce(0, +)) calls for \(services) services of \(client.configuration.region) in \(rounds.count) dependent rounds (\(rounds.map(String.init).joined(separator: " + "))) in \(elapsed) s\n".utf8))
            }
            if let record {
                do {
                    try OutputFile.write(try collected.json(), to: record)
                } catch {
                    throw InputError("--record \(record): cannot write the file")
                }
            }
            all.append(try FactsDecoder(documentRoots: documentRoots).facts(from: collected))
        }
        return (all, [])
    }
}
