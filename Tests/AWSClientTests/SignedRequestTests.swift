import AWSClient
import Foundation
import Testing
import TestSupport

/// moto_server with request authentication on (`INITIAL_NO_AUTH_ACTION_COUNT`): after the first calls create a
/// user and its access key, moto verifies every signature, so a broken signer fails here.
struct SignedRequestTests {
    @Test func motoVerifiesOurSignatures() async throws {
        let moto = try MotoServer(environment: ["INITIAL_NO_AUTH_ACTION_COUNT": "3"])
        defer { moto.stop() }
        func client(_ key: String, _ secret: String, token: String? = nil, region: String = "eu-west-1") -> AWSClient {
            AWSClient(configuration: AWSConfiguration(
                region: region,
                credentialProvider: StaticCredentialProvider(AWSCredentials(
                    accessKeyID: key, secretAccessKey: secret, sessionToken: token, source: .provided)),
                defaultEndpoint: moto.endpoint, retry: RetryPolicy(baseDelay: 0.05)))
        }
        let bootstrap = client("AKIDBOOTSTRAP", "bootstrap")
        _ = try await bootstrap.send(.iam, "CreateUser", ["UserName": "medic"])
        _ = try await bootstrap.send(.iam, "PutUserPolicy", [
            "UserName": "medic", "PolicyName": "admin",
            "PolicyDocument": #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#,
        ])
        let key = try await bootstrap.send(.iam, "CreateAccessKey", ["UserName": "medic"])
        let keyID = try #require(key["AccessKey"]?["AccessKeyId"]?.stringValue)
        let secret = try #require(key["AccessKey"]?["SecretAccessKey"]?.stringValue)

        let medic = client(keyID, secret)
        let identity = try await medic.send(.sts, "GetCallerIdentity")
        #expect(identity["Arn"] == "arn:aws:iam::123456789012:user/medic")
        _ = try await medic.send(.ec2, "DescribeVpcs", ["Filters": [["Name": "is-default", "Values": ["true"]]]])
        _ = try await medic.send(.ecs, "ListClusters")
        _ = try await medic.send(.iam, "ListRoles", ["PathPrefix": "/a b/"])

        let forged = client(keyID, secret + "x")
        let error = await #expect(throws: AWSError.self) { try await forged.send(.sts, "GetCallerIdentity") }
        #expect(error?.kind == .authFailure)
        #expect(error?.code == "SignatureDoesNotMatch")

        let unknown = client("AKIDUNKNOWN", "whatever")
        let unknownError = await #expect(throws: AWSError.self) { try await unknown.send(.ecs, "ListClusters") }
        #expect(unknownError?.kind == .authFailure, "\(String(describing: unknownError))")
    }
}
