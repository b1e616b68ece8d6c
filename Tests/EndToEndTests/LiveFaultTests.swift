import Foundation
import Testing
import TestSupport

/// Live diagnoses through a `FaultProxy`: at fault rates up to 20 % the findings are the fault-free run's, or the
/// report marks facts unverified; never a new finding, a crash, or a run past `--timeout`.
@Suite struct LiveFaultTests {
    /// A failing deployment and a healthy one (any finding there would be false).
    static let scenarios = ["seed-no-secretsmanager-endpoint", "seed-healthy"]
    static let rates = [0.05, 0.1, 0.2]
    static let seeds: [UInt64] = [1, 2]
    /// The run's `--timeout`: each request gets a quarter of it, so a stalled request costs 5 s.
    static let timeout = 20.0
    /// Process start and report on a loaded machine, beyond the timeout.
    static let slack = 8.0

    @Test(arguments: scenarios)
    func findingsUnderFaultsAreTheFaultFreeFindingsOrUnverified(_ name: String) throws {
        try compareUnderFaults(name, FaultHarness.diagnose(timeout: Self.timeout), rates: Self.rates)
    }

    /// A live audit collects through other paths (listings, batched describes, bounded concurrency): at 20 % faults
    /// its one service's findings are still the fault-free audit's, or unverified.
    @Test func anAuditUnderFaultsFindsWhatItFindsWithoutThem() throws {
        try compareUnderFaults("seed-no-secretsmanager-endpoint", { ["audit", "--cluster", $0.cluster, "--format", "json",
                                                                    "--timeout", String(Self.timeout)] },
                               rates: [0.2])
    }

    private func compareUnderFaults(_ name: String, _ command: @escaping (LiveScenario) -> [String],
                                    rates: [Double]) throws {
        let scenario = try LiveScenario(name)
        defer { scenario.stop() }
        let harness = FaultHarness(scenario)
        let clean = try harness.run(command, seed: 0, rate: 0)
        let baseline = try LiveReport(json: clean.output.stdout)
        #expect(clean.injectedCount == 0)
        #expect(clean.output.status == 1 || clean.output.status == 0, "\(name): \(clean.output.stderr)")
        for rate in rates {
            for seed in Self.seeds {
                let run = try harness.run(command, seed: seed, rate: rate)
                let label = "\(name) rate \(rate) seed \(seed) (\(run.injected))"
                #expect([0, 1, 3].contains(run.output.status), "\(label): exit \(run.output.status) \(run.output.stderr)")
                #expect(run.seconds < Self.timeout + Self.slack, "\(label): \(run.seconds) s")
                if case .wrong(let why) = FaultHarness.verdict(baseline: baseline, run: run) {
                    Issue.record("\(label): \(why)")
                }
                guard !run.output.stdout.isEmpty, let report = try? LiveReport(json: run.output.stdout) else { continue }
                if !report.findings.isEmpty { #expect(run.output.status == 1, "\(label)") }
                if report.findings == baseline.findings && report.unverified == baseline.unverified {
                    #expect(run.output.status == clean.output.status, "\(label)")
                }
            }
        }
    }

    @Test func aRecordingUnderFaultsHoldsOnlyTrueFacts() throws {
        let scenario = try LiveScenario("seed-no-secretsmanager-endpoint")
        defer { scenario.stop() }
        let harness = FaultHarness(scenario)
        let baseline = try LiveReport(json: try harness.run(FaultHarness.diagnose(timeout: Self.timeout), seed: 0,
                                                            rate: 0).output.stdout)
        let directory = FileManager.default.temporaryDirectory.appending(path: "ecs-medic-faults-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        for seed: UInt64 in [3, 4] {
            let file = directory.appending(path: "snapshot-\(seed).json").path
            let record = try harness.run({ ["snapshot", "record", "--service", $0.service, "--cluster", $0.cluster,
                                            "--output", file, "--timeout", String(Self.timeout)] },
                                         seed: seed, rate: 0.2)
            #expect(record.output.status == 0, "seed \(seed): \(record.output.stderr)")
            #expect(record.injectedCount > 0)
            let replay = try BinaryRunner.run(["diagnose", "--snapshot", file, "--format", "json"])
            #expect([0, 1, 3].contains(replay.status), "seed \(seed): \(replay.stderr)")
            let verdict = FaultHarness.verdict(baseline: baseline, run: .init(output: replay, seconds: 0, injected: [:],
                                                                             requests: 0))
            if case .wrong(let why) = verdict { Issue.record("seed \(seed): \(why)") }
        }
    }

    @Test func aRunWhoseEveryResponseStallsEndsAtItsTimeout() throws {
        let scenario = try LiveScenario("seed-healthy")
        defer { scenario.stop() }
        let timeout = 4.0
        let run = try FaultHarness(scenario).run(FaultHarness.diagnose(timeout: timeout), seed: 1, rate: 1,
                                                 faults: [.stall])
        #expect(run.seconds < timeout + Self.slack, "\(run.seconds) s")
        #expect(run.output.status == 3, "\(run.output.stderr)")
        #expect(!run.output.stderr.contains("Fatal error"))
    }
}
