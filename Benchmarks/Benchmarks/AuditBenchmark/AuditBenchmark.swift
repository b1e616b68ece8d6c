import Benchmark
import ECSMedic
import Foundation

/// An offline `ecs-medic audit --snapshot` of the synthetic account of `scripts/make-synthetic-account.py` at 100
/// and 1,000 services, as the command runs it: the snapshot file decoded into facts, every service diagnosed with
/// the built-in rules (fixes verified) and the JSON report encoded, all inside the measurement. The file is
/// generated once, before the measurements; `Benchmarks/scripts/audit-scale.sh` measures the larger sizes.
let benchmarks: @Sendable () -> Void = {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    let rules = (try? RuleLoader().builtinRules()) ?? []
    for services in [100, 1_000] {
        let path = FileManager.default.temporaryDirectory.appending(path: "ecs-medic-audit-benchmark-\(services).json").path
        Benchmark("audit --snapshot, \(services) services",
                  configuration: .init(metrics: [.wallClock, .cpuTotal, .mallocCountTotal, .peakMemoryResident],
                                       maxDuration: .seconds(30), maxIterations: services == 100 ? 20 : 5)) { _ in
            let facts = try FactsDecoder().load(from: path).facts()
            let results = try Auditor(rules: rules).audit(facts)
            blackHole(try Report(results: results).json())
        } setup: {
            let generator = Process()
            generator.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            generator.arguments = ["python3", root.appending(path: "scripts/make-synthetic-account.py").path,
                                   String(services), path]
            generator.standardOutput = FileHandle.nullDevice
            try generator.run()
            generator.waitUntilExit()
        }
    }
}
