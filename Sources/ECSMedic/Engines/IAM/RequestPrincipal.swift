/// Who makes a request, parsed from the principal string: an IAM role, an assumed-role session, an IAM user, an
/// account's root user, a federated user, a service principal such as `ecs-tasks.amazonaws.com`, or nobody (an
/// anonymous, unsigned request).
struct RequestPrincipal: Sendable, Hashable {
    enum Kind: Sendable, Hashable {
        case role(name: String)
        case session(roleName: String, session: String)
        case user(name: String)
        case root
        case federatedUser
        /// An OIDC or SAML identity provider (`AssumeRoleWithWebIdentity`, `AssumeRoleWithSAML`).
        case provider
        case service
        case anonymous
        case other
    }

    let text: String
    /// The text lower-cased, for service principals (compared case-insensitively).
    let serviceName: String
    let kind: Kind
    /// The account the principal belongs to; nil for service principals and anonymous requests.
    let account: String?
    let partition: String
    /// A service-linked role (or a session of one): its path is `/aws-service-role/`, or its name starts with
    /// `AWSServiceRoleFor`, or the request says so.
    let isServiceLinkedRole: Bool

    init(_ text: String?, serviceLinkedRole: Bool = false) {
        guard let text, !text.isEmpty else {
            self.text = ""
            serviceName = ""
            kind = .anonymous
            account = nil
            partition = "aws"
            isServiceLinkedRole = false
            return
        }
        self.text = text
        let arn = ARNValue(text)
        guard let service = arn.service, let account = arn.account, let resource = arn.resource else {
            serviceName = text.lowercased()
            kind = .service
            self.account = nil
            partition = "aws"
            isServiceLinkedRole = false
            return
        }
        self.account = account
        serviceName = ""
        partition = arn.partition ?? "aws"
        // Split as bytes: splitting by `Character` was most of the cost of reading a principal.
        let parts = resource.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
            .map { Substring($0) }
        switch (service, parts.first) {
        case ("iam", "role") where parts.count >= 2: kind = .role(name: String(parts[parts.count - 1]))
        case ("iam", "user") where parts.count >= 2: kind = .user(name: String(parts[parts.count - 1]))
        case ("iam", "root"): kind = .root
        case ("sts", "assumed-role") where parts.count >= 3:
            kind = .session(roleName: String(parts[1]), session: String(parts[2]))
        case ("sts", "federated-user"): kind = .federatedUser
        case ("iam", "oidc-provider"), ("iam", "saml-provider"): kind = .provider
        default: kind = .other
        }
        let name = Self.roleName(kind)
        isServiceLinkedRole = serviceLinkedRole || resource.hasPrefix("role/aws-service-role/")
            || (name?.hasPrefix("AWSServiceRoleFor") ?? false)
    }

    private static func roleName(_ kind: Kind) -> String? {
        switch kind {
        case .role(let name): name
        case .session(let roleName, _): roleName
        default: nil
        }
    }

    /// The name of the role, or of the role behind an assumed-role session.
    var roleName: String? { Self.roleName(kind) }

    /// `aws:PrincipalArn` as AWS sets it: the role ARN for an assumed-role session (path unknown, so `role/NAME`),
    /// the principal's ARN otherwise.
    var principalARN: String {
        if case .session(let roleName, _) = kind, let account {
            return "arn:\(partition):iam::\(account):role/\(roleName)"
        }
        return text
    }

    /// `aws:PrincipalType` as AWS sets it ("AWS global condition context keys").
    var principalType: String? {
        switch kind {
        case .role, .session: "AssumedRole"
        case .user: "User"
        case .root: "Account"
        case .federatedUser: "FederatedUser"
        case .anonymous: "Anonymous"
        case .service, .provider, .other: nil
        }
    }

    var isIAMUser: Bool {
        if case .user = kind { return true }
        return false
    }

    /// Identity policies, a boundary and session policies can be attached to it (not to the root user, a service
    /// principal or an anonymous caller).
    var hasIdentityPolicies: Bool {
        switch kind {
        case .role, .session, .user, .federatedUser, .other: true
        case .root, .service, .provider, .anonymous: false
        }
    }

    /// An IAM identity of an account (user, role, session, root user, federated user): what SCPs restrict.
    var isAccountIdentity: Bool {
        switch kind {
        case .role, .session, .user, .root, .federatedUser, .other: true
        case .service, .provider, .anonymous: false
        }
    }
}
