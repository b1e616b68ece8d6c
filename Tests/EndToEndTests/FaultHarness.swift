import Foundation
import Testing
import TestSupport

/// Runs any `ecs-medic` command against a live scenario through a `FaultProxy`, and judges its report against the
/// fault-free run's. The command is a function of the scenario, so other commands (`audit`) plug in unchanged:
/// `FaultHarness(scenario).run({ ["audit", "--cluster", $0.cluster, "--format", "json"] }, seed: 1, rate: 0.2)`.
struct FaultHarness {
    let scenario: LiveScenario

    init(_ scenario: LiveScenario) {
        self.scenario = scenario
    }

    /// One run through the proxy: what the binary printed, how long it took, what the proxy injected.
    struct Run {
        let output: BinaryRunner.Output
        let seconds: Double
        let injected: [FaultProxy.Fault: Int]
        let requests: Int

        var injectedCount: Int { injected.values.reduce(0, +) }
    }

    /// Runs `command(scenario)` with `AWS_ENDPOINT_URL` at a new proxy (seed, rate, fault kinds) in front of the
    /// scenario's moto; `rate` 0 runs it with the proxy forwarding everything.
    func run(_ command: (LiveScenario) -> [String], seed: UInt64, rate: Double,
             faults: [FaultProxy.Fault] = FaultProxy.Fault.allCases, stallSeconds: Double = 120) throws -> Run {
        let proxy = try FaultProxy(upstream: scenario.endpoint, seed: seed, rate: rate, faults: faults,
                                   stallSeconds: stallSeconds)
        defer { proxy.stop() }
        var environment = scenario.environment
        environment["AWS_ENDPOINT_URL"] = proxy.url
        let started = Date()
        let output = try BinaryRunner.run(command(scenario), environment: environment)
        return Run(output: output, seconds: Date().timeIntervalSince(started), injected: proxy.injected,
                   requests: proxy.requestCount)
    }

    /// How a report under faults relates to the fault-free one.
    enum Verdict: Equatable {
        /// The same findings.
        case identical
        /// Fewer findings, and the report marks more facts unverified than the fault-free run: allowed.
        case unverified
        /// A finding the fault-free run does not have, or a finding lost with nothing marked unverified: never
        /// allowed.
        case wrong(String)
    }

    /// The verdict of a run: a run that could not read its target at all must say so and exit 3.
    static func verdict(baseline: LiveReport, run: Run) -> Verdict {
        if run.output.stdout.isEmpty {
            return run.output.status == 3 && run.output.stderr.contains(" could not be read: ")
                ? .unverified : .wrong("no report, exit \(run.output.status): \(run.output.stderr)")
        }
        guard let report = try? LiveReport(json: run.output.stdout) else {
            return .wrong("not a JSON report: \(run.output.stdout)")
        }
        return verdict(baseline: baseline, faulted: report)
    }

    static func verdict(baseline: LiveReport, faulted: LiveReport) -> Verdict {
        let added = Set(faulted.findings).subtracting(baseline.findings)
        if !added.isEmpty { return .wrong("findings the fault-free run does not have: \(added.sorted())") }
        if faulted.findings == baseline.findings { return .identical }
        if Set(faulted.unverified).subtracting(baseline.unverified).isEmpty {
            return .wrong("findings lost with nothing unverified: \(Set(baseline.findings).subtracting(faulted.findings).sorted())")
        }
        return .unverified
    }

    /// `diagnose --format json` of the scenario's service with `timeout` seconds for the whole run.
    static func diagnose(timeout: Double) -> (LiveScenario) -> [String] {
        { ["diagnose", "--service", $0.service, "--cluster", $0.cluster, "--format", "json",
           "--timeout", String(timeout)] }
    }
}
