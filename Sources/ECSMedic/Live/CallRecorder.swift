import AWSClient
import Foundation

/// Makes AWS calls for a live run and records each one (request, response or error) as a snapshot call, so that a
/// live run decodes exactly like a snapshot and can be written out as one.
actor CallRecorder {
    private let client: AWSClient
    private(set) var calls: [SnapshotCall] = []
    /// Calls made so far, by round, for `--debug` and the benchmark.
    private(set) var rounds: [Int] = []

    init(client: AWSClient) {
        self.client = client
    }

    /// Starts a new dependent round of calls.
    func beginRound() {
        rounds.append(0)
    }

    /// One call, every page of it; nil when it failed (the failure is recorded, and becomes an unverified fact).
    /// Credential failures are thrown: without credentials nothing can be verified.
    @discardableResult
    func call(_ service: AWSServiceID, _ operation: String, _ input: JSONValue = .object([:])) async throws -> [JSONValue]? {
        if rounds.isEmpty { rounds.append(0) }
        var pages: [JSONValue] = []
        do {
            for try await page in client.paginate(service, operation, input) {
                pages.append(page)
                rounds[rounds.count - 1] += 1
                calls.append(SnapshotCall(service: service.rawValue, operation: operation, request: input, response: page,
                                          origin: "\(service.rawValue):\(operation)"))
            }
            return pages
        } catch let error as AWSError where error.kind == .authFailure {
            throw error
        } catch let error as AWSError {
            rounds[rounds.count - 1] += 1
            calls.append(SnapshotCall(service: service.rawValue, operation: operation, request: input, response: nil,
                                      error: .init(code: error.code, message: error.message),
                                      origin: "\(service.rawValue):\(operation)"))
            return nil
        }
    }
}
