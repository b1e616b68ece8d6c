import Foundation
import Logging

/// Calls AWS APIs with CLI-shaped JSON in and out: `send(.ec2, "DescribeVpcs", ["VpcIds": ["vpc-1"]])`
/// returns what `aws ec2 describe-vpcs --vpc-ids vpc-1 --output json` prints. Signs with SigV4, retries as the
/// SDKs' standard mode, and logs each call (never credentials) at debug level.
public final class AWSClient: Sendable {
    public let configuration: AWSConfiguration
    private let transport: CurlTransport
    private let endpoints: EndpointResolver
    private let quota = RetryQuota()
    private let clockSkew = ClockSkew()

    public init(configuration: AWSConfiguration) {
        self.configuration = configuration
        self.transport = CurlTransport(settings: configuration.transport)
        self.endpoints = EndpointResolver(overrides: configuration.endpointOverrides,
                                          defaultOverride: configuration.defaultEndpoint)
    }

    /// Performs one call and returns its output as the AWS CLI prints it.
    public func send(_ service: AWSServiceID, _ operation: String, _ input: JSONValue = .object([:])) async throws
        -> JSONValue {
        try await send(service, operation, input, signed: true)
    }

    /// Every page of a list/describe call, each as the CLI prints one page, following `nextToken`,
    /// `NextToken`, `Marker` (+ `IsTruncated`) as the service's paginator says. A call without a paginator
    /// yields its single response.
    public func paginate(_ service: AWSServiceID, _ operation: String, _ input: JSONValue = .object([:]))
        -> AsyncThrowingStream<JSONValue, Error> {
        AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    let paginator = try ServiceModel.named(service).operation(operation, service: service).paginator
                    var request = input.objectValue ?? [:]
                    var seenTokens = Set<JSONValue>()
                    while true {
                        try Task.checkCancellation()
                        let page = try await send(service, operation, .object(request))
                        continuation.yield(page)
                        guard let paginator, let token = page[paginator.outputToken], token != .null,
                              token != .string("") else { break }
                        if let more = paginator.moreResults, page[more]?.boolValue != true { break }
                        guard seenTokens.insert(token).inserted else {
                            throw AWSError(kind: .service, code: "RepeatedPaginationToken",
                                           message: "the service returned the same pagination token twice",
                                           service: service.rawValue, operation: operation)
                        }
                        request[paginator.inputToken] = token
                    }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    /// The body of an unsigned GET of `url`, a presigned URL such as ECR's `GetDownloadUrlForLayer` answers (it
    /// carries its own signature), at most `maxBytes` long: a longer one fails with `ResponseTooLarge` without
    /// being read further; a status other than 2xx fails with `HTTP<status>`.
    public func download(_ url: String, maxBytes: Int) async throws -> Data {
        var request = try HTTPRequest(method: "GET", url: url)
        request.headers["User-Agent"] = "ecs-medic aws-client \(CurlTransport.version)"
        let remaining = try remainingTime(.ecr, "download")
        let response = try await transport.send(request, timeout: remaining, maxBodyBytes: maxBytes)
        guard (200..<300).contains(response.status) else {
            throw AWSError(kind: .service, code: "HTTP\(response.status)",
                           message: "the download URL answered \(response.status)", httpStatus: response.status)
        }
        return response.body
    }

    /// The credentials the client signs with, resolved through the configured provider.
    public func credentials() async throws -> AWSCredentials {
        try await configuration.credentialProvider.credentials()
    }

    func send(_ service: AWSServiceID, _ operation: String, _ input: JSONValue, signed: Bool) async throws
        -> JSONValue {
        let model = try ServiceModel.named(service)
        let modelOperation = try model.operation(operation, service: service)
        let (url, signingRegion) = endpoints.endpoint(for: service, region: configuration.region)
        let unsigned = try RequestSerializer(service: service, model: model)
            .request(modelOperation, input: input, endpoint: url)
        let parser = ResponseParser(service: service, model: model)
        var attempt = 0
        var spent = 0
        var skewCorrected = false
        while true {
            attempt += 1
            var request = unsigned
            request.headers["User-Agent"] = "ecs-medic aws-client \(CurlTransport.version)"
            if signed {
                let credentials = try await configuration.credentialProvider.credentials()
                SigV4Signer(credentials: credentials, region: signingRegion, service: service.signingName)
                    .signHeaders(&request, date: Date().addingTimeInterval(clockSkew.offset))
            }
            let remaining = try remainingTime(service, operation)
            let started = Date()
            let failure: AWSError
            var retryCost: Int?
            do {
                let response = try await transport.send(request, timeout: remaining)
                log(service, operation, status: String(response.status), started: started, attempt: attempt)
                if (200..<300).contains(response.status) {
                    do {
                        let output = try parser.output(modelOperation, response)
                        quota.release(spent)
                        return output
                    } catch {
                        // A success status with a body that does not parse (cut short, an intermediary's page) is
                        // transient, as the SDKs treat it: retried, never read as an empty answer.
                        let reason = (error as? AWSError)?.message ?? "\(error)"
                        failure = AWSError(kind: .service, code: "MalformedResponse",
                                           message: "the \(response.status) response could not be read: \(reason)",
                                           service: service.rawValue, operation: operation,
                                           httpStatus: response.status,
                                           requestID: response.headers["x-amzn-requestid"])
                        retryCost = RetryQuota.retryCost
                    }
                } else {
                    let (code, message, requestID) = parser.error(response)
                    failure = AWSError(kind: AWSError.kind(code: code, status: response.status), code: code,
                                       message: message, service: service.rawValue, operation: operation,
                                       httpStatus: response.status, requestID: requestID)
                    if !skewCorrected, RetryPolicy.clockSkewCodes.contains(code),
                       let serverDate = response.headers["date"].flatMap(Self.httpDate) {
                        let offset = serverDate.timeIntervalSince(Date())
                        if abs(offset - clockSkew.offset) > 60 {
                            clockSkew.offset = offset
                            skewCorrected = true
                            attempt -= 1
                            continue
                        }
                    }
                    retryCost = configuration.retry.retryCost(code: code, status: response.status,
                                                              isNetworkError: false, isTimeout: false)
                }
            } catch let error as AWSError where error.kind == .network {
                log(service, operation, status: error.code, started: started, attempt: attempt)
                failure = AWSError(kind: .network, code: error.code, message: error.message,
                                   service: service.rawValue, operation: operation)
                retryCost = configuration.retry.retryCost(code: nil, status: nil, isNetworkError: true,
                                                          isTimeout: error.code == "Timeout")
            }
            guard let cost = retryCost, attempt < configuration.retry.maxAttempts, quota.acquire(cost) else {
                throw failure
            }
            spent += cost
            try await backOff(afterAttempt: attempt, failure: failure)
        }
    }

    /// Seconds left before the configuration's deadline (nil: none); past it, the call fails with
    /// `DeadlineExceeded` without being sent.
    private func remainingTime(_ service: AWSServiceID, _ operation: String) throws -> Double? {
        guard let deadline = configuration.deadline else { return nil }
        let remaining = deadline.timeIntervalSinceNow
        guard remaining > 0 else {
            throw AWSError(kind: .network, code: "DeadlineExceeded",
                           message: "the run's time limit (--timeout) ran out before this call could be made",
                           service: service.rawValue, operation: operation)
        }
        return remaining
    }

    /// Waits the retry backoff, or gives up with `failure` when the wait would pass the deadline.
    private func backOff(afterAttempt attempt: Int, failure: AWSError) async throws {
        let delay = configuration.retry.backoff(afterAttempt: attempt)
        if let deadline = configuration.deadline, Date().addingTimeInterval(delay) >= deadline { throw failure }
        try await Task.sleep(nanoseconds: UInt64(delay * 1_000_000_000))
    }

    private func log(_ service: AWSServiceID, _ operation: String, status: String, started: Date, attempt: Int) {
        let duration = String(format: "%.3f", Date().timeIntervalSince(started))
        configuration.logger.debug(
            "aws \(service.rawValue):\(operation) status=\(status) duration=\(duration)s attempt=\(attempt)")
    }

    private static func httpDate(_ text: String) -> Date? {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        return formatter.date(from: text)
    }
}

/// The offset between the server's clock and ours, learnt from a clock-skew error.
private final class ClockSkew: @unchecked Sendable {
    private let lock = NSLock()
    private var seconds: TimeInterval = 0

    var offset: TimeInterval {
        get {
            lock.lock()
            defer { lock.unlock() }
            return seconds
        }
        set {
            lock.lock()
            defer { lock.unlock() }
            seconds = newValue
        }
    }
}
