import ECSMedic
import Foundation
import FuzzDriver

/// Fuzzes `iam simulate`: the input is a request, answered alone and as a JSON-lines batch.
@main
enum FuzzSimulate {
    static func main() {
        FuzzDriver.run { input in
            let json = Data(input)
            let runner = SimulationRunner()
            if let decision = try? runner.answer(json: json, source: "fuzz.json") {
                _ = decision.json
            }
            try? runner.answerBatch(json, source: "fuzz.jsonl") { _ in }
        }
    }
}
