import Foundation

/// The credentials document that the container endpoint, IMDS and `credential_process` return:
/// `AccessKeyId`, `SecretAccessKey`, `Token`/`SessionToken`, `Expiration`.
enum MetadataCredentialsJSON {
    static func parse(_ data: Data, source: CredentialSource, origin: String) throws -> AWSCredentials {
        guard let json = try? JSONDecoder().decode(JSONValue.self, from: data),
              let key = json["AccessKeyId"]?.stringValue, let secret = json["SecretAccessKey"]?.stringValue else {
            throw AWSError(kind: .authFailure, code: "MalformedCredentials",
                           message: "\(origin) did not return AccessKeyId and SecretAccessKey")
        }
        let expiration = json["Expiration"]?.stringValue.flatMap(Timestamp.epochSeconds)
            .map { Date(timeIntervalSince1970: $0) }
        return AWSCredentials(accessKeyID: key, secretAccessKey: secret,
                              sessionToken: json["Token"]?.stringValue ?? json["SessionToken"]?.stringValue,
                              expiration: expiration, source: source)
    }
}
