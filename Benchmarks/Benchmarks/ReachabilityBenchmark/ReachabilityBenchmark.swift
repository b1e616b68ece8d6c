import Benchmark
import ECSMedic

/// Every verdict of a synthetic account (1,000 services over 200 subnets, 5,000 security groups that reference one
/// another, 500 network ACL entries; 12,000 verdicts) from facts in memory, and the same at 10x, to show that the
/// time grows linearly. The engine's indexes are built inside the measurement.
let benchmarks: @Sendable () -> Void = {
    for scale in [1, 10] {
        let account = SyntheticAccount(scale: scale)
        Benchmark("reachability verdicts, scale \(scale) (\(account.checks.count) verdicts)",
                  configuration: .init(metrics: [.wallClock, .mallocCountTotal, .peakMemoryResident],
                                       maxDuration: .seconds(20), maxIterations: scale == 1 ? 30 : 5)) { benchmark in
            let engine = ReachabilityEngine(facts: account.facts)
            for check in account.checks {
                blackHole(engine.verdict(for: check.need, from: check.placement))
            }
        }
    }
}
