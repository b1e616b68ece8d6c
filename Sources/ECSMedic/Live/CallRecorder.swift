import AWSClient
import Foundation

/// Makes AWS calls for a live run and records each one (request, response or error) as a snapshot call, so that a
/// live run decodes exactly like a snapshot and can be written out as one. At most `concurrency` calls are in
/// flight at once (an audit's many independent calls stay within the APIs' rate limits; the client retries
/// throttled ones).
actor CallRecorder {
    private let client: AWSClient
    /// Clients of the same configuration in other regions (`call(_:_:region:)`), made when first needed.
    private var regionalClients: [String: AWSClient] = [:]
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
    /// Credential failures are thrown: without credentials nothing can be verified. `region`, when it is not the
    /// client's, makes the call there (the same credentials and endpoint settings, that region's endpoint) and is
    /// recorded with it.
    @discardableResult
    func call(_ operation: AWSOperation, _ input: JSONValue = .object([:]), region: String? = nil) async throws -> [JSONValue]? {
        if rounds.isEmpty { rounds.append(0) }
        let elsewhere = region.flatMap { $0 == client.configuration.region ? nil : $0 }
        let target = elsewhere.map(regionalClient) ?? client
        await slots.acquire()
        let result: Result<[JSONValue]?, Error>
        do {
            result = .success(try await pages(operation, input, client: target, region: elsewhere))
        } catch {
            result = .failure(error)
        }
        await slots.release()
        return try result.get()
    }

    /// The client for `region`: this recorder's configuration in that region.
    private func regionalClient(_ region: String) -> AWSClient {
        if let made = regionalClients[region] { return made }
        var configuration = client.configuration
        configuration.region = region
        let made = AWSClient(configuration: configuration)
        regionalClients[region] = made
        return made
    }

    private func pages(_ operation: AWSOperation, _ input: JSONValue, client: AWSClient, region: String?) async throws -> [JSONValue]? {
        let service = operation.service, name = operation.name
        var pages: [JSONValue] = []
        do {
            for try await answer in client.paginate(service, name, input) {
                var page = answer
                var failure: SnapshotCall.CallError?
                if let download = operation.download {
                    do {
                        page = try await downloaded(download, from: answer)
                    } catch let error as AWSError where error.kind != .authFailure {
                        failure = .init(code: error.code, message: error.message)
                    }
                }
                pages.append(page)
                rounds[rounds.count - 1] += 1
                calls.append(SnapshotCall(service: service.rawValue, operation: name, request: input,
                                          response: failure == nil ? page : nil, error: failure, region: region,
                                          origin: operation.description))
                progress(calls.count)
            }
            return pages
        } catch let error as AWSError where error.kind == .authFailure {
            throw error
        } catch let error as AWSError {
            rounds[rounds.count - 1] += 1
            calls.append(SnapshotCall(service: service.rawValue, operation: name, request: input, response: nil,
                                      error: .init(code: error.code, message: error.message), region: region,
                                      origin: operation.description))
            progress(calls.count)
            return nil
        }
    }
}

extension CallRecorder {
    /// The document the answer's presigned URL serves (an unsigned GET, at most `download.maxBytes`), reduced to
    /// `download.members`; a document that is not a JSON object fails with `NotJSON`.
    func downloaded(_ download: AWSOperation.Download, from answer: JSONValue) async throws -> JSONValue {
        guard let url = answer[download.urlMember]?.stringValue else {
            throw AWSError(kind: .service, code: "MissingDownloadUrl", message: "the answer has no \(download.urlMember)")
        }
        let body = try await client.download(url, maxBytes: download.maxBytes)
        guard let document = try? JSONDecoder().decode(JSONValue.self, from: body), let members = document.objectValue else {
            throw AWSError(kind: .service, code: "NotJSON", message: "the document at the download URL is not a JSON object")
        }
        return .object(members.filter { download.members.contains($0.key) })
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
