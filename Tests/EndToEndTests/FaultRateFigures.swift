import Foundation
import Testing
import TestSupport

/// The figures of docs/reliability.md ("fault rate → findings identical in K of N seeds"): runs only when
/// `ECS_MEDIC_FAULT_FIGURES` names the Markdown file to write (`Benchmarks/scripts/fault-rates.sh` sets it),
/// since it takes minutes.
@Suite struct FaultRateFigures {
    static let output = ProcessInfo.processInfo.environment["ECS_MEDIC_FAULT_FIGURES"]
    static let seeds = Int(ProcessInfo.processInfo.environment["ECS_MEDIC_FAULT_SEEDS"] ?? "") ?? 10

    @Test(.enabled(if: output != nil))
    func faultRatesAgainstIdenticalFindings() throws {
        let rates = [0.05, 0.1, 0.2, 0.3, 0.5]
        var lines = ["| scenario | fault rate | identical | fewer findings, facts unverified | wrong | faults injected / requests | exit codes | slowest run |",
                     "|---|---|---|---|---|---|---|---|"]
        for name in LiveFaultTests.scenarios {
            let scenario = try LiveScenario(name)
            defer { scenario.stop() }
            let harness = FaultHarness(scenario)
            let command = FaultHarness.diagnose(timeout: LiveFaultTests.timeout)
            let baseline = try LiveReport(json: try harness.run(command, seed: 0, rate: 0).output.stdout)
            for rate in rates {
                var identical = 0, unverified = 0, wrong = 0, injected = 0, requests = 0
                var statuses: [Int32: Int] = [:]
                var slowest = 0.0
                for seed in 1...Self.seeds {
                    let run = try harness.run(command, seed: UInt64(seed), rate: rate)
                    injected += run.injectedCount
                    requests += run.requests
                    statuses[run.output.status, default: 0] += 1
                    slowest = max(slowest, run.seconds)
                    switch FaultHarness.verdict(baseline: baseline, run: run) {
                    case .identical: identical += 1
                    case .unverified: unverified += 1
                    case .wrong(let why): wrong += 1; Issue.record("\(name) \(rate) seed \(seed): \(why)")
                    }
                }
                let codes = statuses.keys.sorted().map { "\($0)×\(statuses[$0] ?? 0)" }.joined(separator: " ")
                lines.append("| \(name) | \(Int(rate * 100)) % | \(identical) of \(Self.seeds) | \(unverified) | \(wrong) | \(injected) / \(requests) | \(codes) | \(String(format: "%.1f", slowest)) s |")
                print(lines.last ?? "")
            }
        }
        if let output = Self.output {
            try (lines.joined(separator: "\n") + "\n").write(toFile: output, atomically: true, encoding: .utf8)
        }
    }
}
