import Foundation

/// Answers `iam simulate` requests: one file, or a JSON-lines batch answered line by line in order.
public struct SimulationRunner: Sendable {
    private let decoder: AuthorizationRequestDecoder
    private let evaluator = PolicyEvaluator()

    public init(cache: PolicyCache = PolicyCache()) {
        decoder = AuthorizationRequestDecoder(cache: cache)
    }

    /// Answers the request held in `json`; errors name `source` and the field.
    public func answer(json: Data, source: String) throws(InputError) -> AuthorizationDecision {
        evaluator.evaluate(try decoder.decode(json: json, source: source))
    }

    /// Answers every non-blank line of `batch` in order, handing each answer's JSON line to `emit` as soon as it is
    /// ready; a bad line stops the batch with an error naming `source` and the line number.
    public func answerBatch(_ batch: Data, source: String, emit: (String) -> Void) throws(InputError) {
        var lineNumber = 0
        var start = batch.startIndex
        while start < batch.endIndex {
            let end = batch[start...].firstIndex(of: UInt8(ascii: "\n")) ?? batch.endIndex
            lineNumber += 1
            let line = batch[start..<end]
            start = end < batch.endIndex ? batch.index(after: end) : end
            if line.allSatisfy({ $0 == 32 || $0 == 9 || $0 == 13 }) { continue }
            emit(try answer(json: Data(line), source: "\(source): line \(lineNumber)").json)
        }
    }
}
