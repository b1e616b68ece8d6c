/// Who makes a request, parsed from the principal string: an IAM role, an assumed-role session, an IAM user, an
/// account root, a federated user, or a service principal such as `ecs-tasks.amazonaws.com`.
struct RequestPrincipal: Sendable, Hashable {
    enum Kind: Sendable, Hashable {
        case role(name: String)
        case session(roleName: String, session: String)
        case user(name: String)
        case root
        case federatedUser
        case service
        case other
    }

    let text: String
    let kind: Kind
    /// The account the principal belongs to; nil for service principals.
    let account: String?
    let partition: String

    init(_ text: String) {
        self.text = text
        let arn = ARNValue(text)
        guard let service = arn.service, let account = arn.account, let resource = arn.resource else {
            kind = .service
            self.account = nil
            partition = "aws"
            return
        }
        self.account = account
        partition = arn.partition ?? "aws"
        let parts = resource.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        switch (service, parts.first) {
        case ("iam", "role") where parts.count >= 2: kind = .role(name: parts[parts.count - 1])
        case ("iam", "user") where parts.count >= 2: kind = .user(name: parts[parts.count - 1])
        case ("iam", "root"): kind = .root
        case ("sts", "assumed-role") where parts.count >= 3: kind = .session(roleName: parts[1], session: parts[2])
        case ("sts", "federated-user"): kind = .federatedUser
        default: kind = .other
        }
    }

    /// The ARN of the role behind an assumed-role session (path unknown, so `role/NAME`), or of the role itself.
    var roleName: String? {
        switch kind {
        case .role(let name): name
        case .session(let roleName, _): roleName
        default: nil
        }
    }

    /// `aws:PrincipalArn` as AWS sets it: the role ARN for an assumed-role session, the principal's ARN otherwise.
    var principalARN: String {
        if case .session(let roleName, _) = kind, let account {
            return "arn:\(partition):iam::\(account):role/\(roleName)"
        }
        return text
    }

    var isIAMUser: Bool {
        if case .user = kind { return true }
        return false
    }
}
