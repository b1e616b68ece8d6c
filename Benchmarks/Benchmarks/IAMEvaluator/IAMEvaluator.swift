import Benchmark
import ECSMedic
import Foundation

/// Decisions per second for the workload of `scripts/workload.py` (an execution role with three managed policies of
/// 20 conditioned statements, a boundary and a resource policy): requests compiled once, evaluated many times.
let benchmarks: @Sendable () -> Void = {
    let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appending(path: "requests.jsonl")
    let data = (try? Data(contentsOf: file)) ?? Data()
    let decoder = AuthorizationRequestDecoder()
    let requests = data.split(separator: UInt8(ascii: "\n")).enumerated().compactMap { index, line in
        try? decoder.decode(json: Data(line), source: "requests.jsonl: line \(index + 1)")
    }
    let evaluator = PolicyEvaluator()

    Benchmark("evaluate (compiled once)",
              configuration: .init(metrics: [.throughput, .wallClock, .mallocCountTotal], scalingFactor: .kilo)) { benchmark in
        for index in benchmark.scaledIterations {
            blackHole(evaluator.evaluate(requests[index % requests.count]))
        }
    }

    let runner = SimulationRunner()
    let lines = data.split(separator: UInt8(ascii: "\n")).map { Data($0) }
    Benchmark("decode + evaluate one 20 kB JSON line (policy cache warm)",
              configuration: .init(metrics: [.throughput, .wallClock], scalingFactor: .kilo)) { benchmark in
        for index in benchmark.scaledIterations {
            blackHole(try? runner.answer(json: lines[index % lines.count], source: "bench"))
        }
    }
}
