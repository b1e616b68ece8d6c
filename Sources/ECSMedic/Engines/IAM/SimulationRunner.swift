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
        let result: InputError? = batch.withUnsafeBytes { raw in
            guard let base = raw.baseAddress else { return nil }
            var lineNumber = 0
            var start = 0
            while start < raw.count {
                let end = memchr(base + start, Int32(UInt8(ascii: "\n")), raw.count - start)
                    .map { base.distance(to: UnsafeRawPointer($0)) } ?? raw.count
                lineNumber += 1
                let line = UnsafeRawBufferPointer(rebasing: raw[start..<end])
                start = end + 1
                if line.allSatisfy({ $0 == 32 || $0 == 9 || $0 == 13 }) { continue }
                do throws(InputError) {
                    // One `memmove` (building the array from the buffer copied it byte by byte).
                    let bytes = [UInt8](unsafeUninitializedCapacity: line.count) { buffer, initialized in
                        UnsafeMutableRawBufferPointer(buffer).copyMemory(from: line)
                        initialized = line.count
                    }
                    let request = try decoder.decode(bytes: bytes, source: "\(source): line \(lineNumber)")
                    emit(evaluator.evaluate(request).json)
                } catch {
                    return error
                }
            }
            return nil
        }
        if let result { throw result }
    }
}
