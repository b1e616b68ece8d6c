import AWSClient
import Foundation

/// Makes AWS calls for a live run and records each one (request, response or error) as a snapshot call, so that a
/// live run decodes exactly like a snapshot and can be written out as one. At most `concurrency` calls are in
/// flight at once (an audit's many independent calls stay within the APIs' rate limits; the client retries
/// throttled ones).
actor CallRecorder {
    private let client: AWSClient
    private let slots: CallSlots
    private(set) var calls: [SnapshotCall] = []
    /// Calls made so far, by round, for `--debug` and the benchmark.
    private(set) var rounds: [Int] = []

    /// Told the number of calls recorded so far after each one (a progress display).
    private let progress: @Sendable (Int) -> Void

    init(client: AWSClient, concurrency: Int = .max, progress: @escaping @Sendable (Int) -> Void = { _ in }) {
        self.init(client: client, slots: CallSlots(concurrency), progress: progress)
    }

    /// Shares `slots` with other recorders (an audit of several account-regions bounds all their calls together).
    init(client: AWSClient, slots: CallSlots, progress: @escaping @Sendable (Int) -> Void = { _ in }) {
        self.client = client
        self.slots = slots
        self.progress = progress
    }

    /// Starts a new dependent round of calls.
    func beginRound() {
        rounds.append(0)
    }

    /// One call of the catalog, every page of it; nil when it failed (the failure is recorded, and becomes an unverified fact).
    /// Credential failures are thrown: without credentials nothing can be verified.
    @discardableResult
    func call(_ operation: AWSOperation, _ input: JSONValue = .object([:])) async throws -> [JSONValue]? {
        if rounds.isEmpty { rounds.append(0) }
        await slots.acquire()
        let result: Result<[JSONValue]?, Error>
        do {
            result = .success(try await pages(operation, input))
        } catch {
            result = .failure(error)
        }
        await slots.release()
        return try result.get()
    }

    private func pages(_ operation: AWSOperation, _ input: JSONValue) async throws -> [JSONValue]? {
        let service = operation.service, name = operation.name
        var pages: [JSONValue] = []
        do {
            for try await page in client.paginate(service, name, input) {
                pages.append(page)
                rounds[rounds.count - 1] += 1
                calls.append(SnapshotCall(service: service.rawValue, operation: name, request: input, response: page,
                                          origin: operation.description))
                progress(calls.count)
            }
            return pages
        } catch let error as AWSError where error.kind == .authFailure {
            throw error
        } catch let error as AWSError {
            rounds[rounds.count - 1] += 1
            calls.append(SnapshotCall(service: service.rawValue, operation: name, request: input, response: nil,
                                      error: .init(code: error.code, message: error.message),
                                      origin: operation.description))
            progress(calls.count)
            return nil
        }
    }
}

/// At most `concurrency` AWS calls in flight, across every recorder that shares it.
public actor CallSlots {
    private let concurrency: Int
    private var inFlight = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []

    public init(_ concurrency: Int) {
        self.concurrency = max(1, concurrency)
    }

    func acquire() async {
        if inFlight < concurrency {
            inFlight += 1
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    /// Hands the slot to the longest waiting call, if any.
    func release() {
        if waiting.isEmpty {
            inFlight -= 1
        } else {
            waiting.removeFirst().resume()
        }
    }
}
