import AWSClient
import Foundation
import Testing
import TestSupport

/// The client behind a `FaultProxy` in front of moto: every fault kind, on each wire protocol, is either retried to
/// the fault-free answer or surfaced as a typed `AWSError`; never a different (say, empty) answer.
@Suite struct FaultInjectionTests {
    /// One call per wire protocol whose fault-free answer is not empty, so that an empty answer would show.
    struct Call: Sendable, CustomTestStringConvertible {
        let service: AWSServiceID
        let operation: String
        var testDescription: String { "\(service.rawValue):\(operation)" }
    }

    static let calls = [Call(service: .ecs, operation: "ListClusters"), Call(service: .ec2, operation: "DescribeVpcs"),
                        Call(service: .sts, operation: "GetCallerIdentity")]
    static let region = "eu-north-1"

    /// The error each fault gives once the three attempts are spent, per protocol: (kind, code).
    static func expectedError(_ fault: FaultProxy.Fault, _ service: AWSServiceID) -> (AWSError.Kind, String) {
        switch fault {
        case .throttling:
            // ECS (JSON) ThrottlingException; EC2 RequestLimitExceeded; STS (query) Throttling.
            return (.throttled, [.ecs: "ThrottlingException", .ec2: "RequestLimitExceeded"][service] ?? "Throttling")
        case .tooManyRequests: return (.throttled, "HTTP429")
        case .internalError: return (.service, "HTTP500")
        case .serviceUnavailable: return (.service, "HTTP503")
        case .connectionReset, .truncatedBody: return (.network, "ConnectionError")
        case .stall: return (.network, "Timeout")
        case .malformedBody, .wrongContentType: return (.service, "MalformedResponse")
        }
    }

    static func client(_ endpoint: String) -> AWSClient {
        AWSClient(configuration: AWSConfiguration(
            region: region,
            credentialProvider: StaticCredentialProvider(AWSCredentials(
                accessKeyID: "AKIDFAULTS", secretAccessKey: "fault-secret", source: .provided)),
            defaultEndpoint: endpoint, transport: TransportSettings(connectTimeout: 5, totalTimeout: 5),
            retry: RetryPolicy(baseDelay: 0.01)))
    }

    static let moto: Result<MotoServer, Error> = Result {
        let moto = try MotoServer.shared()
        _ = try AWSCLI.run(["ecs", "create-cluster", "--cluster-name", "faults"], endpoint: moto.endpoint,
                           region: region)
        return moto
    }

    @Test(arguments: FaultProxy.Fault.allCases, calls)
    func aFaultOnceIsRetriedToTheFaultFreeAnswer(_ fault: FaultProxy.Fault, _ call: Call) async throws {
        let moto = try Self.moto.get()
        let expected = try await Self.client(moto.endpoint).send(call.service, call.operation)
        #expect(expected != .object([:]))
        let proxy = try FaultProxy(upstream: moto.endpoint, seed: 1, rate: 1, faults: [fault], stallSeconds: 8,
                                   faultsPerRequest: 1)
        defer { proxy.stop() }
        let output = try await Self.client(proxy.url).send(call.service, call.operation)
        #expect(output == expected)
        #expect(proxy.injected == [fault: 1])
        #expect(proxy.requestCount == 2)
    }

    @Test(arguments: FaultProxy.Fault.allCases, calls)
    func aFaultEveryTimeIsATypedErrorNeverAnAnswer(_ fault: FaultProxy.Fault, _ call: Call) async throws {
        let moto = try Self.moto.get()
        let proxy = try FaultProxy(upstream: moto.endpoint, seed: 1, rate: 1, faults: [fault], stallSeconds: 8)
        defer { proxy.stop() }
        let error = await #expect(throws: AWSError.self) {
            try await Self.client(proxy.url).send(call.service, call.operation)
        }
        let (kind, code) = Self.expectedError(fault, call.service)
        #expect(error?.kind == kind)
        #expect(error?.code == code)
        #expect(error?.service == call.service.rawValue)
        #expect(proxy.requestCount == 3, "standard mode makes 3 attempts")
    }

    @Test func theDeadlineEndsACallThatKeepsStalling() async throws {
        let moto = try Self.moto.get()
        let proxy = try FaultProxy(upstream: moto.endpoint, seed: 1, rate: 1, faults: [.stall], stallSeconds: 120)
        defer { proxy.stop() }
        var configuration = Self.client(proxy.url).configuration
        configuration.transport.totalTimeout = 60
        configuration.deadline = Date().addingTimeInterval(1.5)
        let client = AWSClient(configuration: configuration)
        let error = await #expect(throws: AWSError.self) { try await client.send(.ecs, "ListClusters") }
        // Timed by the proxy, which sees the client drop the stalled request: the test's own clock would include
        // waiting for a concurrency thread that other suites may hold.
        for _ in 0..<100 where proxy.abandonedStalls.isEmpty { try await Task.sleep(nanoseconds: 20_000_000) }
        #expect(proxy.abandonedStalls.count == 1)
        #expect(proxy.abandonedStalls.allSatisfy { $0 < 3 }, "\(proxy.abandonedStalls)")
        #expect(error?.kind == .network)
        let late = await #expect(throws: AWSError.self) { try await client.send(.ecs, "ListClusters") }
        #expect(late?.code == "DeadlineExceeded")
    }
}

/// The proxy itself: faults depend on the seed and the request only, at about the asked rate.
@Suite struct FaultProxyTests {
    @Test func theSameSeedFaultsTheSameRequestsAndTheRateHolds() throws {
        let keys = (0..<2000).map { "ecs.DescribeTasks {\"tasks\":[\"t\($0)\"]}" }
        let first = try FaultProxy(upstream: "http://127.0.0.1:9", seed: 7, rate: 0.2)
        let again = try FaultProxy(upstream: "http://127.0.0.1:9", seed: 7, rate: 0.2)
        let other = try FaultProxy(upstream: "http://127.0.0.1:9", seed: 8, rate: 0.2)
        defer { [first, again, other].forEach { $0.stop() } }
        let faults = keys.map { first.fault(forKey: $0, occurrence: 0) }
        #expect(faults == keys.map { again.fault(forKey: $0, occurrence: 0) })
        #expect(faults != keys.map { other.fault(forKey: $0, occurrence: 0) })
        let rate = Double(faults.compactMap { $0 }.count) / Double(keys.count)
        #expect(abs(rate - 0.2) < 0.03, "rate \(rate)")
        #expect(Set(faults.compactMap { $0 }) == Set(FaultProxy.Fault.allCases))
    }

    @Test func aRetryOfTheSameRequestIsDecidedAfresh() throws {
        let proxy = try FaultProxy(upstream: "http://127.0.0.1:9", seed: 3, rate: 0.5)
        defer { proxy.stop() }
        let decisions = (0..<200).map { proxy.fault(forKey: "same request", occurrence: $0) == nil }
        #expect(decisions.contains(true) && decisions.contains(false))
    }
}
