import Crypto
import Foundation

/// IAM Identity Center role credentials for a profile with `sso_session` (or the legacy `sso_start_url`):
/// reads the token `aws sso login` cached in `~/.aws/sso/cache/<sha1>.json` and exchanges it at the portal
/// (`GET /federation/credentials`). An expired token is an error telling the user to log in again.
struct SSOCredentials: CredentialLoader {
    let profile: String
    let accountID: String
    let roleName: String
    let region: String
    /// The `sso_session` name, or the start URL for legacy profiles: its SHA-1 names the cache file.
    let cacheKey: String
    let home: String
    let endpointOverride: String?
    let transport: TransportSettings

    func load() async throws -> AWSCredentials? {
        let digest = Insecure.SHA1.hash(data: Data(cacheKey.utf8)).map { String(format: "%02x", $0) }.joined()
        let path = "\(home)/.aws/sso/cache/\(digest).json"
        guard let data = FileManager.default.contents(atPath: path),
              let cache = try? JSONDecoder().decode(JSONValue.self, from: data),
              let token = cache["accessToken"]?.stringValue else {
            throw failure("no cached IAM Identity Center token for profile \(profile): run aws sso login")
        }
        if let expiry = cache["expiresAt"]?.stringValue.flatMap(Timestamp.epochSeconds),
           expiry < Date().timeIntervalSince1970 {
            throw failure("the IAM Identity Center token of profile \(profile) has expired: run aws sso login")
        }
        let base = endpointOverride ?? "https://portal.sso.\(region).\(EndpointResolver.dnsSuffix(region))"
        let query = "account_id=\(SigV4Signer.percentEncode(accountID))&role_name=\(SigV4Signer.percentEncode(roleName))"
        let response = try await CurlTransport(settings: transport).send(try HTTPRequest(
            method: "GET", url: "\(base)/federation/credentials?\(query)", headers: ["x-amz-sso_bearer_token": token]))
        guard response.status == 200, let json = try? JSONDecoder().decode(JSONValue.self, from: response.body),
              let values = json["roleCredentials"], let key = values["accessKeyId"]?.stringValue,
              let secret = values["secretAccessKey"]?.stringValue else {
            throw failure("IAM Identity Center refused role \(roleName) in account \(accountID) "
                + "(HTTP \(response.status)) for profile \(profile)")
        }
        let expiration = values["expiration"]?.numberValue.map { Date(timeIntervalSince1970: $0 / 1000) }
        return AWSCredentials(accessKeyID: key, secretAccessKey: secret,
                              sessionToken: values["sessionToken"]?.stringValue, expiration: expiration,
                              source: .sso(profile: profile))
    }

    private func failure(_ message: String) -> AWSError {
        AWSError(kind: .authFailure, code: "SSOCredentialsFailed", message: message)
    }
}
