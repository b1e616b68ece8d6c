import ECSMedic
import Foundation

/// Decisions per CPU-second of `PolicyEvaluator.evaluate` on the requests of a JSON-lines file (decoded and their
/// policies compiled once), timed with the process's CPU clock so that other processes on a shared machine do not
/// count. Built and run by `decision-rate.sh`; arguments: REQUESTS.jsonl [SECONDS per sample, default 2].
@main
enum DecisionRate {
    static func main() throws {
        let arguments = CommandLine.arguments
        let data = try Data(contentsOf: URL(fileURLWithPath: arguments[1]))
        let seconds = arguments.count > 2 ? Double(arguments[2]) ?? 2 : 2
        let decoder = AuthorizationRequestDecoder()
        let requests = try data.split(separator: UInt8(ascii: "\n")).enumerated().map { index, line in
            try decoder.decode(json: Data(line), source: "line \(index + 1)")
        }
        let evaluator = PolicyEvaluator()
        var allowed = 0
        var rates: [Double] = []
        for _ in 0..<5 {
            let start = cpuSeconds()
            var count = 0
            while cpuSeconds() - start < seconds {
                for request in requests where evaluator.evaluate(request).isAllowed { allowed += 1 }
                count += requests.count
            }
            rates.append(Double(count) / (cpuSeconds() - start))
        }
        let sorted = rates.sorted()
        print("PolicyEvaluator.evaluate, \(requests.count) requests compiled once, decisions per CPU-second "
              + "(5 samples of \(seconds) s): " + sorted.map { String(format: "%.0f", $0) }.joined(separator: " ")
              + String(format: "; median %.0f; %d allowed", sorted[2], allowed))
    }

    private static func cpuSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}
