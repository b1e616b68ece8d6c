import AWSClient
import Foundation
import Logging
import Testing
import TestSupport

/// Standard-mode retries against a loopback server that fails on purpose.
struct RetryTests {
    static let clusters = #"{"clusterArns":["arn:aws:ecs:us-east-1:123456789012:cluster/default"]}"#
    static let throttled = LoopbackHTTPServer.Response(
        status: 400, headers: ["Content-Type": "application/x-amz-json-1.1"],
        body: #"{"__type":"com.amazonaws.ecs#ThrottlingException","message":"Rate exceeded"}"#)

    func client(_ server: LoopbackHTTPServer, logger: Logger? = nil) -> AWSClient {
        var configuration = AWSConfiguration(
            region: "us-east-1",
            credentialProvider: StaticCredentialProvider(AWSCredentials(
                accessKeyID: "AKIDRETRY", secretAccessKey: "retry-secret-never-logged", sessionToken: "retry-token",
                source: .provided)),
            defaultEndpoint: server.url, retry: RetryPolicy(baseDelay: 0.01))
        if let logger { configuration.logger = logger }
        return AWSClient(configuration: configuration)
    }

    @Test func throttlingIsRetriedUntilSuccess() async throws {
        let server = try LoopbackHTTPServer { [counter = Counter()] _ in
            counter.next() <= 2 ? Self.throttled : .init(body: Self.clusters)
        }
        let output = try await client(server).send(.ecs, "ListClusters")
        #expect(output["clusterArns"] == ["arn:aws:ecs:us-east-1:123456789012:cluster/default"])
        #expect(server.requests.count == 3)
        #expect(server.requests.allSatisfy { $0.headers["x-amz-target"] == "AmazonEC2ContainerServiceV20141113.ListClusters" })
    }

    @Test func throttlingGivesUpAfterThreeAttempts() async throws {
        let server = try LoopbackHTTPServer { _ in Self.throttled }
        let error = await #expect(throws: AWSError.self) { try await client(server).send(.ecs, "ListClusters") }
        #expect(error?.kind == .throttled)
        #expect(error?.code == "ThrottlingException")
        #expect(server.requests.count == 3)
    }

    @Test func serverErrorsAreRetriedForQueryServices() async throws {
        let body = """
            <GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult>\
            <Arn>arn:aws:iam::123456789012:user/medic</Arn><UserId>AIDAEXAMPLE</UserId><Account>123456789012</Account>\
            </GetCallerIdentityResult></GetCallerIdentityResponse>
            """
        let server = try LoopbackHTTPServer { [counter = Counter()] _ in
            counter.next() == 1 ? .init(status: 503, body: "<ErrorResponse><Error><Code>ServiceUnavailable</Code></Error></ErrorResponse>")
                : .init(body: body)
        }
        let output = try await client(server).send(.sts, "GetCallerIdentity")
        #expect(output == ["Arn": "arn:aws:iam::123456789012:user/medic", "UserId": "AIDAEXAMPLE",
                           "Account": "123456789012"])
        #expect(server.requests.count == 2)
    }

    @Test func accessDeniedIsNotRetried() async throws {
        let server = try LoopbackHTTPServer { _ in
            .init(status: 400, body: #"{"__type":"AccessDeniedException","Message":"User is not authorized to perform: ecs:ListClusters"}"#)
        }
        let error = await #expect(throws: AWSError.self) { try await client(server).send(.ecs, "ListClusters") }
        #expect(error?.kind == .accessDenied)
        #expect(error?.message == "User is not authorized to perform: ecs:ListClusters")
        #expect(server.requests.count == 1)
    }

    @Test func connectionErrorsAreNetworkErrorsAfterRetries() async throws {
        let port = try LoopbackPort.free()
        let client = AWSClient(configuration: AWSConfiguration(
            region: "us-east-1",
            credentialProvider: StaticCredentialProvider(AWSCredentials(accessKeyID: "A", secretAccessKey: "B",
                                                                        source: .provided)),
            defaultEndpoint: "http://127.0.0.1:\(port)", retry: RetryPolicy(baseDelay: 0.01)))
        let error = await #expect(throws: AWSError.self) { try await client.send(.sts, "GetCallerIdentity") }
        #expect(error?.kind == .network)
    }

    @Test func clockSkewIsCorrectedOnce() async throws {
        let serverTime = Date().addingTimeInterval(3 * 3600)
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        let dateHeader = formatter.string(from: serverTime)
        let server = try LoopbackHTTPServer { [counter = Counter()] _ in
            counter.next() == 1
                ? .init(status: 400, headers: ["Date": dateHeader],
                        body: #"{"__type":"InvalidSignatureException","message":"Signature expired"}"#)
                : .init(body: Self.clusters)
        }
        _ = try await client(server).send(.ecs, "ListClusters")
        let dates = server.requests.compactMap { $0.headers["x-amz-date"] }
        #expect(dates.count == 2)
        let stamp = DateFormatter()
        stamp.locale = Locale(identifier: "en_US_POSIX")
        stamp.timeZone = TimeZone(identifier: "UTC")
        stamp.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        let second = try #require(stamp.date(from: dates[1]))
        #expect(abs(second.timeIntervalSince(serverTime)) < 60)
    }

    @Test func debugLogNamesTheCallButNoSecrets() async throws {
        let server = try LoopbackHTTPServer { _ in .init(body: Self.clusters) }
        let lines = LineCollector()
        var logger = Logger(label: "test") { _ in CollectingLogHandler(lines: lines) }
        logger.logLevel = .debug
        _ = try await client(server, logger: logger).send(.ecs, "ListClusters")
        let text = lines.all.joined(separator: "\n")
        #expect(text.contains("ecs:ListClusters status=200"))
        #expect(text.contains("attempt=1"))
        #expect(!text.contains("retry-secret-never-logged"))
        #expect(!text.contains("retry-token"))
        #expect(!text.contains("Signature="))
    }
}

/// Counts calls from the server's thread.
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0

    func next() -> Int {
        lock.lock()
        defer { lock.unlock() }
        value += 1
        return value
    }
}

final class LineCollector: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []

    func append(_ line: String) {
        lock.lock()
        lines.append(line)
        lock.unlock()
    }

    var all: [String] {
        lock.lock()
        defer { lock.unlock() }
        return lines
    }
}

struct CollectingLogHandler: LogHandler {
    let lines: LineCollector
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .debug

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        lines.append(event.message.description)
    }
}
