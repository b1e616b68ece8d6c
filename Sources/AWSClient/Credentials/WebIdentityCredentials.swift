import Foundation

/// `sts:AssumeRoleWithWebIdentity` with a token file (`AWS_WEB_IDENTITY_TOKEN_FILE` + `AWS_ROLE_ARN`, or a
/// profile's `web_identity_token_file` + `role_arn`); the file is re-read on each refresh, as EKS rotates it.
struct WebIdentityCredentials: CredentialLoader {
    let tokenFile: String
    let roleARN: String
    let sessionName: String?
    let sts: STSCaller

    func load() async throws -> AWSCredentials? {
        guard let token = try? String(contentsOfFile: tokenFile, encoding: .utf8) else {
            throw AWSError(kind: .authFailure, code: "WebIdentityTokenUnreadable",
                           message: "cannot read the web identity token file \(tokenFile)")
        }
        let input: JSONValue = .object([
            "RoleArn": .string(roleARN),
            "RoleSessionName": .string(sessionName ?? "ecs-medic-\(Int(Date().timeIntervalSince1970))"),
            "WebIdentityToken": .string(token.trimmingCharacters(in: .whitespacesAndNewlines)),
        ])
        let output = try await sts.call("AssumeRoleWithWebIdentity", input, credentials: nil)
        return try STSCaller.credentials(from: output, source: .webIdentity(roleARN: roleARN))
    }
}
