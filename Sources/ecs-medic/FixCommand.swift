import AWSClient
import ArgumentParser
import ECSMedic
import Foundation

struct FixCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fix",
        abstract: "Print the fixes of a diagnosis (--emit), or apply them to AWS (dry run unless --apply; --undo RECORD reverts).")

    @OptionGroup var target: TargetOptions

    @Option(help: "A snapshot file or a folder of `aws ... --output json` files (default: ask AWS, read-only).")
    var snapshot: String?

    @Option(help: "The DB cluster or instance the task connects to, when it cannot be discovered.")
    var database: String?

    @Option(help: "The form to print: \(FixForm.allCases.map(\.rawValue).joined(separator: ", ")). Without it: a dry run of --apply.")
    var emit: FixForm?

    @Flag(help: "Make the changes in AWS (asks on a terminal; --yes for automation), then diagnose again.")
    var apply = false

    @Flag(help: "Do not ask for confirmation (--apply, --undo).")
    var yes = false

    @Flag(help: "End with a new deployment of the service (ecs update-service --force-new-deployment).")
    var redeploy = false

    @Flag(help: "Apply even to resources managed by CloudFormation or Terraform (drift).")
    var force = false

    @Option(help: "Remove exactly what the apply that wrote this record created.")
    var undo: String?

    @Option(help: "Where --apply writes its record (default: ecs-medic-apply-<UTC time>.json here); an unfinished record is resumed.")
    var record: String?

    @Option(name: .customLong("wait-timeout"), help: "Seconds a created endpoint may take to become available (default: 300).")
    var waitTimeout: Double = 300

    @OptionGroup var report: ReportOptions

    @OptionGroup var logs: LogOptions

    @OptionGroup var aws: AWSOptions

    func validate() throws {
        if let format = report.format, format != .text {
            throw ValidationError("fix prints its changes as text (--emit FORM for iam-policy, aws-cli, terraform or cloudformation); --format \(format.rawValue) is a report format: run diagnose --format \(format.rawValue) for the findings with their fixes")
        }
        if emit != nil && (apply || undo != nil) {
            throw ValidationError("--emit prints the fix; it does not go with --apply or --undo")
        }
        if snapshot != nil && emit == nil {
            throw ValidationError("a snapshot cannot be applied: give --emit FORM, or drop --snapshot to ask AWS")
        }
        if apply && undo != nil {
            throw ValidationError("--apply and --undo are exclusive")
        }
        if waitTimeout <= 0 {
            throw ValidationError("--wait-timeout must be a positive number of seconds")
        }
    }

    func run() async throws {
        if let undo {
            try await runUndo(undo)
            return
        }
        if apply { try confirmable() }
        let configuration = try report.configuration()
        let rules = try report.ruleSet(configuration)
        let (facts, selector, _) = try await FactCollection.target(snapshot, selector: target.selector(database: database),
                                                                aws: aws, logs: logs.limits, color: report.color)
        let diagnoser = Diagnoser(rules: rules.rules)
        let result = try diagnoser.diagnose(facts, selecting: selector)
        let plan = FixPlanner(diagnoser: diagnoser).plan(for: result, facts: facts, selector: selector)
        if let emit {
            try printForm(plan, emit, result: result)
            return
        }
        guard !plan.chosen.isEmpty else {
            if apply, let record, let unfinished = try? ApplyRecord.load(from: record),
               unfinished.status == .applying || unfinished.status == .stopped {
                Self.stderr("\(record) is unfinished but nothing is left to fix: what its started steps made carries the tag created-by=ecs-medic")
            }
            guard !result.findings.isEmpty else {
                Self.stderr("no findings")
                return
            }
            Self.stderr("no finding has a mechanical fix: ecs-medic changes none of these; change them by hand")
            try report.emit(Self.byHand(result.findings, label: "not fixed").map { $0 + "\n" }.joined())
            let failOn = report.resolvedFailOn(configuration)
            if let failOn, result.findings.contains(where: { $0.severity >= failOn }) { throw ExitCode(1) }
            return
        }
        let applyPlan = ApplyPlan(plan, redeploy: redeploy)
        var lines: [String] = []
        for item in applyPlan.notApplied {
            lines.append("not applied (\(item.reason)); run it by hand, or emit it with --emit:")
            lines += item.command.split(separator: "\n").map { "  " + $0 }
        }
        try report.emit(lines.map { $0 + "\n" }.joined())
        let client = AWSClient(configuration: try aws.configuration())
        let dryRun = Applier(aws: caller(client, dryRun: true), force: force)
        guard apply else {
            _ = try await dryRun.apply(applyPlan, recordPath: "")
            Self.stderr("dry run: nothing was changed; --apply makes these changes")
            return
        }
        if !yes {
            _ = try await dryRun.apply(applyPlan, recordPath: "")
            guard Self.ask("Apply these changes?") else {
                Self.stderr("nothing was changed")
                throw ExitCode(1)
            }
        }
        let recordPath = record ?? ApplyRecord.defaultPath()
        let outcome = try await Applier(aws: caller(client, dryRun: false), force: force).apply(applyPlan, recordPath: recordPath)
        switch outcome {
        case .refusedDrift:
            Self.stderr("nothing was changed: resources are managed by infrastructure as code (--force to apply anyway)")
            throw ExitCode(1)
        case .stopped(let step, let reason):
            Self.stderr("stopped at \"\(step)\": \(reason); \(recordPath) says what was created (re-run to resume, --undo \(recordPath) to revert)")
            throw ExitCode(3)
        case .applied:
            Self.stderr("applied; record: \(recordPath)")
        case .nothingToDo, .dryRun:
            break
        }
        try await verify(plan, selector: selector, diagnoser: diagnoser, configuration: configuration)
    }

    /// Collects the facts again, diagnoses, and prints fixed / not fixed per planned finding; exit 1 when a
    /// finding at or above --fail-on remains.
    private func verify(_ plan: FixPlan, selector: TargetSelector, diagnoser: Diagnoser, configuration: Configuration) async throws {
        let facts = try FactsDecoder().facts(from: try await FactCollection.snapshot(nil, selector: selector, aws: aws, logs: logs.limits))
        let after = try diagnoser.diagnose(facts, selecting: selector)
        let remaining = Set(after.findings.map(\.fingerprint))
        var lines: [String] = []
        for choice in plan.chosen {
            lines.append("\(remaining.contains(choice.fingerprint) ? "not fixed" : "fixed"): \(choice.fix.summary)")
        }
        let planned = Set(plan.chosen.map(\.fingerprint))
        lines += Self.byHand(after.findings.filter { !planned.contains($0.fingerprint) }, label: "remains")
        try report.emit(lines.map { $0 + "\n" }.joined())
        let failOn = report.resolvedFailOn(configuration)
        if let failOn, after.findings.contains(where: { $0.severity >= failOn }) { throw ExitCode(1) }
    }

    /// Findings no planned change fixes, each with what must change by hand when its rule knows: the statement or
    /// document and the AWS CLI commands that write it (ecs-medic never applies those).
    private static func byHand(_ findings: [Finding], label: String) -> [String] {
        findings.flatMap { finding -> [String] in
            var lines = ["\(label): \(finding.rule): \(finding.message)"]
            for fix in finding.fixes where fix.changes.isEmpty {
                lines.append("  " + fix.summary)
                lines += (fix.awsCli ?? "").split(separator: "\n").map { "    " + $0 }
            }
            return lines
        }
    }

    private func runUndo(_ path: String) async throws {
        let record = try ApplyRecord.load(from: path)
        var options = aws
        if options.region == nil { options.region = record.region }
        let client = AWSClient(configuration: try options.configuration())
        if !yes {
            try confirmable()
            _ = try await Applier(aws: caller(client, dryRun: true), force: force).undo(recordAt: path)
            guard Self.ask("Undo these changes?") else {
                Self.stderr("nothing was changed")
                throw ExitCode(1)
            }
        }
        let failures = try await Applier(aws: caller(client, dryRun: false), force: force).undo(recordAt: path)
        for failure in failures { Self.stderr("not undone: \(failure)") }
        if !failures.isEmpty { throw ExitCode(3) }
    }

    private func printForm(_ plan: FixPlan, _ form: FixForm, result: DiagnosisResult) throws {
        guard let text = plan.render(form) else {
            let reason = result.findings.isEmpty ? "no findings"
                : plan.chosen.isEmpty ? "no finding has a mechanical fix" : "the fixes have no \(form.rawValue) form"
            Self.stderr(reason)
            if plan.chosen.isEmpty, form == .awsCli, !result.findings.isEmpty {
                try report.emit(Self.byHand(result.findings, label: "not fixed").map { $0 + "\n" }.joined())
            }
            return
        }
        let label = plan.verified
            ? "verified: applied to the facts in memory, the diagnosis finds none of the fixed findings and no new one"
            : "not proven: re-diagnosing with these changes applied still finds a fixed finding or a new one"
        Self.stderr("\(plan.chosen.count) finding\(plan.chosen.count == 1 ? "" : "s") fixed by \(plan.changes.count) change\(plan.changes.count == 1 ? "" : "s"); \(label)")
        try report.emit(text.hasSuffix("\n") ? text : text + "\n")
    }

    private func caller(_ client: AWSClient, dryRun: Bool) -> ApplyCaller {
        let output = report.output
        return ApplyCaller(client: client, dryRun: dryRun, waitTimeout: waitTimeout,
                           output: { line in
                               if output == nil { FileHandle.standardOutput.write(Data((line + "\n").utf8)) } else { Self.stderr(line) }
                           },
                           progress: { FileHandle.standardError.write(Data(($0 + "\n").utf8)) })
    }

    /// Changes need consent: a terminal to ask on, or --yes.
    private func confirmable() throws {
        guard yes || (isatty(STDIN_FILENO) != 0 && isatty(STDERR_FILENO) != 0) else {
            Self.stderr("--apply and --undo change AWS: confirm on a terminal, or pass --yes")
            throw ExitCode(2)
        }
    }

    private static func ask(_ question: String) -> Bool {
        FileHandle.standardError.write(Data("\(question) [y/N] ".utf8))
        return ["y", "yes"].contains(readLine()?.trimmingCharacters(in: .whitespaces).lowercased() ?? "")
    }

    private static func stderr(_ line: String) {
        FileHandle.standardError.write(Data("ecs-medic: \(line)\n".utf8))
    }
}

extension FixForm: ExpressibleByArgument {}
