/// An account (or one of its regions) that an audit of several accounts could not collect: its role could not be
/// assumed, its regions could not be listed, or its collection failed. Listed in every report format, never a
/// finding; the audit exits 3 naming it.
public struct UnauditedAccount: Sendable, Codable, Equatable, Hashable, Comparable {
    public var account: String
    /// Nil when the whole account failed (the role could not be assumed, the regions not listed).
    public var region: String?
    /// The AWS error code and message, e.g. `AccessDenied: User ... is not authorized to perform: sts:AssumeRole ...`.
    public var reason: String
    /// The permission (and resource) that would have allowed it: `sts:AssumeRole on arn:aws:iam::...:role/...`.
    public var permission: String?

    public init(account: String, region: String?, reason: String, permission: String?) {
        self.account = account
        self.region = region
        self.reason = reason
        self.permission = permission
    }

    /// `account 222222222222 (all regions): AccessDenied: ... (needs sts:AssumeRole on ...)`.
    public var line: String {
        "account \(account) (\(region ?? "all regions")): \(reason)\(permission.map { " (needs \($0))" } ?? "")"
    }

    public static func < (lhs: UnauditedAccount, rhs: UnauditedAccount) -> Bool {
        (lhs.account, lhs.region ?? "") < (rhs.account, rhs.region ?? "")
    }
}
