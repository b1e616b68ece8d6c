import AWSClient
import Foundation
import Testing
import TestSupport

/// Proxies and endpoints as the AWS CLI reads them from the environment.
struct TransportTests {
    static let identity = """
        <GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult>\
        <Arn>arn:aws:iam::123456789012:user/proxied</Arn><UserId>AIDAPROXY</UserId><Account>123456789012</Account>\
        </GetCallerIdentityResult></GetCallerIdentityResponse>
        """

    func configuration(_ environment: [String: String]) throws -> AWSConfiguration {
        var env = environment
        env["HOME"] = FileManager.default.temporaryDirectory.path
        env["AWS_ACCESS_KEY_ID"] = "AKIDPROXY"
        env["AWS_SECRET_ACCESS_KEY"] = "s"
        var configuration = try AWSConfiguration.resolve(profile: nil, region: "us-east-1", roleARN: nil,
                                                         environment: env, timeout: 5)
        configuration.retry = RetryPolicy(maxAttempts: 1)
        return configuration
    }

    @Test func httpProxyFromTheEnvironmentCarriesTheRequest() async throws {
        let proxy = try LoopbackHTTPServer { _ in .init(body: Self.identity) }
        let client = AWSClient(configuration: try configuration([
            "AWS_ENDPOINT_URL_STS": "http://sts.medic.invalid", "HTTP_PROXY": proxy.url,
        ]))
        let output = try await client.send(.sts, "GetCallerIdentity")
        #expect(output["Arn"] == "arn:aws:iam::123456789012:user/proxied")
        #expect(proxy.requests.first?.path == "http://sts.medic.invalid/")
        #expect(proxy.requests.first?.headers["host"] == "sts.medic.invalid")
    }

    @Test func noProxyBypassesTheProxy() async throws {
        let proxy = try LoopbackHTTPServer { _ in .init(body: Self.identity) }
        let client = AWSClient(configuration: try configuration([
            "AWS_ENDPOINT_URL_STS": "http://sts.medic.invalid", "HTTP_PROXY": proxy.url, "NO_PROXY": ".invalid",
        ]))
        let error = await #expect(throws: AWSError.self) { try await client.send(.sts, "GetCallerIdentity") }
        #expect(error?.kind == .network)
        #expect(proxy.requests.isEmpty)
    }

    @Test func serviceEndpointOverridesTheGlobalOne() async throws {
        let sts = try LoopbackHTTPServer { _ in .init(body: Self.identity) }
        let client = AWSClient(configuration: try configuration([
            "AWS_ENDPOINT_URL": "http://127.0.0.1:\(try LoopbackPort.free())", "AWS_ENDPOINT_URL_STS": sts.url,
        ]))
        _ = try await client.send(.sts, "GetCallerIdentity")
        #expect(sts.requests.count == 1)
        #expect(sts.requests.first?.body == "Action=GetCallerIdentity&Version=2011-06-15")
        let authorization = try #require(sts.requests.first?.headers["authorization"])
        #expect(authorization.hasPrefix("AWS4-HMAC-SHA256 Credential=AKIDPROXY/"))
        #expect(authorization.contains("/us-east-1/sts/aws4_request"))
    }

    @Test func concurrentCallsShareOneClient() async throws {
        let fixture = try MotoFixture(region: "af-south-1")
        let client = fixture.client()
        let accounts = try await withThrowingTaskGroup(of: String?.self) { group in
            for index in 0..<16 {
                group.addTask {
                    index.isMultiple(of: 2)
                        ? try await client.send(.sts, "GetCallerIdentity")["Account"]?.stringValue
                        : try await client.send(.ec2, "DescribeVpcs")["Vpcs"]?[0]?["OwnerId"]?.stringValue
                }
            }
            return try await group.reduce(into: [String?]()) { $0.append($1) }
        }
        #expect(accounts.count == 16)
        #expect(Set(accounts) == ["123456789012"])
    }

    /// `AWS_CA_BUNDLE` reaches libcurl: a bundle that does not exist fails the TLS setup before anything is sent.
    @Test func caBundleFromTheEnvironmentIsUsed() async throws {
        let server = try LoopbackHTTPServer { _ in .init(body: Self.identity) }
        let client = AWSClient(configuration: try configuration([
            "AWS_ENDPOINT_URL_STS": "https://127.0.0.1:\(server.port)", "AWS_CA_BUNDLE": "/nonexistent/ca-bundle.pem",
        ]))
        let error = await #expect(throws: AWSError.self) { try await client.send(.sts, "GetCallerIdentity") }
        #expect(error?.kind == .network)
        #expect(error?.message.contains("CA") == true, "\(String(describing: error))")
    }
}
