import Foundation

/// `sts:AssumeRole` on top of other credentials: a profile's `role_arn` with `source_profile` or
/// `credential_source`, or `--role-arn`.
struct AssumeRoleCredentials: CredentialLoader {
    let roleARN: String
    let sessionName: String?
    let externalID: String?
    let durationSeconds: Int?
    let source: any CredentialLoader
    let sts: STSCaller

    func load() async throws -> AWSCredentials? {
        guard let sourceCredentials = try await source.load() else {
            throw AWSError(kind: .authFailure, code: "NoSourceCredentials",
                           message: "no source credentials to assume \(roleARN) with")
        }
        var input: [String: JSONValue] = [
            "RoleArn": .string(roleARN),
            "RoleSessionName": .string(sessionName ?? "ecs-medic-\(Int(Date().timeIntervalSince1970))"),
        ]
        if let externalID { input["ExternalId"] = .string(externalID) }
        if let durationSeconds { input["DurationSeconds"] = .number(Double(durationSeconds)) }
        let output = try await sts.call("AssumeRole", .object(input), credentials: sourceCredentials)
        return try STSCaller.credentials(from: output,
                                         source: .assumedRole(roleARN: roleARN, via: sourceCredentials.source))
    }
}
