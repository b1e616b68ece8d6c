import Foundation

/// `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN` (or `AWS_SECURITY_TOKEN`) and
/// `AWS_CREDENTIAL_EXPIRATION`.
struct EnvironmentCredentials: CredentialLoader {
    let environment: [String: String]

    func load() async throws -> AWSCredentials? {
        guard let key = environment["AWS_ACCESS_KEY_ID"], !key.isEmpty else { return nil }
        guard let secret = environment["AWS_SECRET_ACCESS_KEY"], !secret.isEmpty else {
            throw AWSError(kind: .authFailure, code: "PartialCredentials",
                           message: "AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not")
        }
        let token = environment["AWS_SESSION_TOKEN"] ?? environment["AWS_SECURITY_TOKEN"]
        let expiration = environment["AWS_CREDENTIAL_EXPIRATION"].flatMap(Timestamp.epochSeconds)
            .map { Date(timeIntervalSince1970: $0) }
        return AWSCredentials(accessKeyID: key, secretAccessKey: secret, sessionToken: token?.isEmpty == true ? nil : token,
                              expiration: expiration, source: .environment)
    }
}
