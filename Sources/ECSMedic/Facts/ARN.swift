/// An Amazon Resource Name split into its parts: `arn:partition:service:region:account:resource`.
public struct ARN: Sendable, Equatable, Hashable {
    public var partition: String
    public var service: String
    public var region: String
    public var account: String
    /// Everything after the account, colons included (`secret:name-AbCdEf:username::`).
    public var resource: String

    public init?(_ text: String) {
        let parts = text.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard parts.count == 6, parts[0] == "arn", !parts[1].isEmpty, !parts[2].isEmpty else { return nil }
        partition = String(parts[1])
        service = String(parts[2])
        region = String(parts[3])
        account = String(parts[4])
        resource = String(parts[5])
    }

    public var description: String { "arn:\(partition):\(service):\(region):\(account):\(resource)" }
}
