import Foundation

/// Makes the STS calls that credential providers need (`AssumeRole`, `AssumeRoleWithWebIdentity`), with the
/// region, endpoints and transport of the configuration being resolved.
struct STSCaller: Sendable {
    let configuration: AWSConfiguration

    /// Calls `operation`, signed with `credentials`, or unsigned when they are nil.
    func call(_ operation: String, _ input: JSONValue, credentials: AWSCredentials?) async throws -> JSONValue {
        var settings = configuration
        if let credentials {
            settings.credentialProvider = StaticCredentialProvider(credentials)
        }
        return try await AWSClient(configuration: settings).send(.sts, operation, input, signed: credentials != nil)
    }

    /// The `Credentials` member of an `AssumeRole*` response, labelled with `source`.
    static func credentials(from output: JSONValue, source: CredentialSource) throws -> AWSCredentials {
        guard let values = output["Credentials"], let key = values["AccessKeyId"]?.stringValue,
              let secret = values["SecretAccessKey"]?.stringValue else {
            throw AWSError(kind: .authFailure, code: "MalformedCredentials",
                           message: "the STS response carries no credentials", service: "sts")
        }
        let expiration = values["Expiration"]?.stringValue.flatMap(Timestamp.epochSeconds)
            .map { Date(timeIntervalSince1970: $0) }
        return AWSCredentials(accessKeyID: key, secretAccessKey: secret,
                              sessionToken: values["SessionToken"]?.stringValue, expiration: expiration, source: source)
    }
}
