import AWSClient
import Foundation

/// Who ecs-medic acts as: the account and ARN STS reports for the resolved credentials, where those
/// credentials came from, and the region in use. What `ecs-medic whoami` prints.
public struct CallerIdentity: Sendable, Equatable {
    public var account: String
    public var arn: String
    public var userID: String
    /// The credential source in words (`environment`, `profile ops`, `container`, `assumed role ... via ...`).
    public var credentialSource: String
    public var region: String
    /// The profile whose settings were used, if any.
    public var profile: String?

    public init(account: String, arn: String, userID: String, credentialSource: String, region: String,
                profile: String?) {
        self.account = account
        self.arn = arn
        self.userID = userID
        self.credentialSource = credentialSource
        self.region = region
        self.profile = profile
    }

    /// Resolves the credentials and asks STS `GetCallerIdentity` who they belong to.
    public static func fetch(with client: AWSClient) async throws -> CallerIdentity {
        let credentials = try await client.credentials()
        let output = try await client.send(.sts, "GetCallerIdentity")
        return CallerIdentity(account: output["Account"]?.stringValue ?? "", arn: output["Arn"]?.stringValue ?? "",
                              userID: output["UserId"]?.stringValue ?? "",
                              credentialSource: credentials.source.description,
                              region: client.configuration.region, profile: client.configuration.profile)
    }

    /// Aligned `Label: value` lines.
    public var text: String {
        var lines = [("Account", account), ("ARN", arn), ("Credentials", credentialSource), ("Region", region)]
        if let profile { lines.append(("Profile", profile)) }
        return lines.map { "\(($0.0 + ":").padding(toLength: 13, withPad: " ", startingAt: 0))\($0.1)" }
            .joined(separator: "\n") + "\n"
    }

    /// A JSON object with sorted keys: `account`, `arn`, `credentialSource`, `profile`, `region`, `userId`.
    public var json: String {
        let object: [String: JSONValue] = [
            "account": .string(account), "arn": .string(arn), "userId": .string(userID),
            "credentialSource": .string(credentialSource), "region": .string(region),
            "profile": profile.map(JSONValue.string) ?? .null,
        ]
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        let data = (try? encoder.encode(JSONValue.object(object))) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
