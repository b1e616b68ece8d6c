import AWSClient
import Foundation
import TestSupport

/// A client pointed at the shared `moto_server` with its test credentials, and the AWS CLI as the oracle.
struct MotoFixture {
    let moto: MotoServer
    let region: String

    init(region: String) throws {
        moto = try MotoServer.shared()
        self.region = region
    }

    func client(retry: RetryPolicy = RetryPolicy(baseDelay: 0.01)) -> AWSClient {
        AWSClient(configuration: AWSConfiguration(
            region: region,
            credentialProvider: StaticCredentialProvider(AWSCredentials(accessKeyID: "testing",
                                                                        secretAccessKey: "testing",
                                                                        source: .provided)),
            defaultEndpoint: moto.endpoint, retry: retry))
    }

    /// What `aws <arguments> --output json` prints, parsed.
    @discardableResult
    func cli(_ arguments: [String]) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: AWSCLI.run(arguments, endpoint: moto.endpoint, region: region))
    }
}
