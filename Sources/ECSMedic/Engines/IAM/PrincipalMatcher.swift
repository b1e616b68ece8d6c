/// A compiled `Principal` or `NotPrincipal` element ("AWS JSON policy elements: Principal" and "NotPrincipal").
struct PrincipalMatcher: Sendable, Hashable {
    enum Entry: Sendable, Hashable {
        /// `"*"` or `{"AWS": "*"}`: every principal, including anonymous ones.
        case anyone
        /// A 12-digit account id or `arn:PARTITION:iam::ACCOUNT:root`: delegates to the account's own policies.
        case account(String)
        /// An IAM role ARN (any path): the role and every session of it.
        case role(account: String, name: String)
        /// An IAM user ARN (any path).
        case user(account: String, name: String)
        /// Any other AWS ARN (assumed-role session, federated user), compared exactly. An ARN with a wildcard
        /// never matches: AWS does not expand wildcards in principals.
        case arn(String)
        case service(String)
        case federated(String)
        case canonicalUser(String)
    }

    /// How a principal was named by a matching statement; it decides what else must allow (design.md §9).
    enum Grant: Int, Sendable, Comparable {
        case account, anyone, role, user, service, other, session

        static func < (lhs: Grant, rhs: Grant) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    let entries: [Entry]
    let negated: Bool

    /// How the statement names `principal`, or nil when it does not apply to it. A `NotPrincipal` statement applies
    /// unless every identity behind the principal (session, role, account) is listed, as AWS documents; nothing can
    /// list an anonymous caller, so `NotPrincipal` always applies to one.
    func grant(for principal: RequestPrincipal) -> Grant? {
        if negated {
            let chain = principal.identityChain
            let excluded = !chain.isEmpty && chain.allSatisfy { identity in entries.contains(identity) }
            return excluded ? nil : .anyone
        }
        var best: Grant?
        for entry in entries {
            if let grant = PrincipalMatcher.grant(entry, principal), best.map({ grant > $0 }) ?? true { best = grant }
        }
        return best
    }

    private static func grant(_ entry: Entry, _ principal: RequestPrincipal) -> Grant? {
        switch entry {
        case .anyone:
            return .anyone
        case .account(let account):
            return principal.account == account && principal.isAccountIdentity ? .account : nil
        case .role(let account, let name):
            return principal.account == account && principal.roleName == name ? .role : nil
        case .user(let account, let name):
            guard case .user(let userName) = principal.kind else { return nil }
            return principal.account == account && userName == name ? .user : nil
        case .arn(let arn):
            guard arn == principal.text else { return nil }
            switch principal.kind {
            case .session, .federatedUser: return .session
            default: return .other
            }
        case .service(let service):
            return principal.kind == .service && principal.serviceName == service ? .service : nil
        case .federated(let provider):
            return principal.text == provider ? .other : nil
        case .canonicalUser(let id):
            return principal.text == id ? .other : nil
        }
    }

    /// Parses one entry of the `AWS` list.
    static func awsEntry(_ text: String) -> Entry {
        if text == "*" { return .anyone }
        if text.utf8.count == 12, text.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) { return .account(text) }
        let arn = ARNValue(text)
        if arn.service == "iam", let account = arn.account, let resource = arn.resource {
            let name = String(resource.split(separator: "/").last ?? "")
            if resource == "root" { return .account(account) }
            if resource.hasPrefix("role/") { return .role(account: account, name: name) }
            if resource.hasPrefix("user/") { return .user(account: account, name: name) }
        }
        return .arn(text)
    }
}

extension RequestPrincipal {
    /// The identities AWS checks a `NotPrincipal` element against: the principal, its role, and its account.
    var identityChain: [PrincipalMatcher.Entry] {
        let account = account ?? ""
        switch kind {
        case .service:
            return [.service(serviceName)]
        case .anonymous:
            return []
        case .provider:
            return [.federated(text)]
        case .role(let name):
            return [.role(account: account, name: name), .account(account)]
        case .session(let roleName, _):
            return [.arn(text), .role(account: account, name: roleName), .account(account)]
        case .user(let name):
            return [.user(account: account, name: name), .account(account)]
        case .root:
            return [.account(account)]
        case .federatedUser, .other:
            return [.arn(text), .account(account)]
        }
    }
}
