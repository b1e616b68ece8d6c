/// Decides whether a set of security groups lets TCP traffic through to or from a peer. Security groups are
/// stateful: only the direction that opens the connection is checked.
struct SecurityGroupEvaluator {
    enum Direction {
        case egress, ingress

        var word: String { self == .egress ? "egress" : "ingress" }
        var preposition: String { self == .egress ? "to" : "from" }
    }

    /// The other end of the connection, as security group rules can name it.
    struct Peer {
        /// Every IPv4 address the peer may use; a CIDR rule must cover all of them.
        var addresses: [IPv4Range] = []
        /// Every IPv6 address the peer may use, for a connection over IPv6.
        var ipv6Addresses: [IPv6Range] = []
        /// The connection runs over IPv6: only `ipv6Ranges` (and prefix lists' IPv6 entries) can match its
        /// addresses, and the internet is `::/0`. Over IPv4, `ipv6Ranges` never match.
        var isIPv6 = false
        /// Security groups the peer belongs to.
        var groupIds: [String] = []
        /// Prefix lists the peer's addresses are in (the S3 prefix list for a gateway endpoint).
        var prefixListIds: [String] = []
        /// The peer is somewhere on the internet: only `0.0.0.0/0` surely covers it.
        var isInternet = false
        /// How evidence names the peer: `10.0.1.23`, `vpce-0a1 (10.0.1.0/24)`, `the internet`.
        var name: String
    }

    struct Result {
        var passes: Bool?
        /// The group the evidence is about: the one that allowed, or the first of those that did not.
        var resource: String
        var detail: String
        /// In a few words, for a one-line path: `sg-0a1 egress tcp 443`.
        var label: String
        /// The fact whose absence left it undecided (a group not described, the peer's addresses not collected).
        var missing: UnverifiedFact?
    }

    let index: NetworkIndex

    init(index: NetworkIndex) {
        self.index = index
    }

    init(facts: Facts) {
        index = NetworkIndex(facts)
    }

    func check(_ groupIds: [String], _ direction: Direction, port: Int, peer: Peer) -> Result {
        let first = groupIds.first ?? "no security group"
        var undecided: String?
        for groupId in groupIds {
            guard let group = index.securityGroups[groupId] else {
                return Result(passes: nil, resource: groupId, detail: "\(groupId) was not described", label: groupId,
                              missing: UnverifiedFact(fact: "security group \(groupId)", reason: "not collected",
                                                      permission: "ec2:DescribeSecurityGroups"))
            }
            let rules = (direction == .egress ? group.ipPermissionsEgress : group.ipPermissions) ?? []
            for rule in rules where rule.coversTCP(port: port) {
                switch match(rule, peer) {
                case .allowed(let what):
                    return Result(passes: true, resource: groupId,
                                  detail: "\(groupId) \(direction.word) \(rule.portDescription) \(direction.preposition) \(what)",
                                  label: "\(groupId) \(direction.word) \(rule.portDescription)")
                case .undecided(let what):
                    undecided = undecided ?? "\(groupId) \(direction.word) \(rule.portDescription) \(direction.preposition) \(what) may or may not cover \(peer.name)"
                case .noMatch:
                    continue
                }
            }
        }
        if let undecided {
            let missing = peer.addresses.isEmpty && !peer.isInternet
                ? UnverifiedFact(fact: "the addresses of \(peer.name)", reason: "not collected", permission: "ec2:DescribeVpcs")
                : nil
            return Result(passes: nil, resource: first, detail: undecided, label: "\(first) \(direction.word) tcp \(port)",
                          missing: missing)
        }
        let names = groupIds.isEmpty ? "no security group" : groupIds.joined(separator: ", ")
        return Result(passes: false, resource: first,
                      detail: "\(names): no \(direction.word) rule allows tcp \(port) \(direction.preposition) \(peer.name)",
                      label: "\(first) \(direction.word) tcp \(port)")
    }

    private enum Match {
        case allowed(String), undecided(String), noMatch
    }

    private func match(_ rule: SecurityGroup.Permission, _ peer: Peer) -> Match {
        for pair in rule.userIdGroupPairs ?? [] {
            if let id = pair.groupId, peer.groupIds.contains(id) { return .allowed(id) }
        }
        for list in rule.prefixListIds ?? [] where peer.prefixListIds.contains(list.prefixListId) {
            return .allowed(list.prefixListId)
        }
        // A prefix list reference stands for its CIDRs, when they are known.
        let listCIDRs = (rule.prefixListIds ?? []).flatMap { list in
            (index.prefixLists[list.prefixListId] ?? []).map { ("\(list.prefixListId) (\($0))", $0) }
        }
        var undecided = peer.isIPv6
            ? Self.matchCIDRs((rule.ipv6Ranges ?? []).map { ($0.cidrIpv6, $0.cidrIpv6) } + listCIDRs, peer.ipv6Addresses,
                              isInternet: peer.isInternet, parse: IPv6Range.init, isPrivate: \.isPrivate)
            : Self.matchCIDRs((rule.ipRanges ?? []).map { ($0.cidrIp, $0.cidrIp) } + listCIDRs, peer.addresses,
                              isInternet: peer.isInternet, parse: IPv4Range.init, isPrivate: Self.isPrivate)
        if case .allowed = undecided { return undecided }
        if peer.isInternet, case .noMatch = undecided,
           let list = rule.prefixListIds?.first(where: { index.prefixLists[$0.prefixListId] == nil }) {
            undecided = .undecided(list.prefixListId)
        }
        return undecided
    }

    /// Whether labelled CIDRs (of one address family; others fail to parse and are skipped) cover every address of
    /// the peer (`.allowed`), some of them (`.undecided`), or none.
    private static func matchCIDRs<Range: CIDRRange>(_ cidrs: [(String, String)], _ addresses: [Range], isInternet: Bool,
                                                     parse: (String) -> Range?, isPrivate: (Range) -> Bool) -> Match {
        var undecided: Match = .noMatch
        for (label, text) in cidrs {
            guard let cidr = parse(text) else { continue }
            if isInternet {
                if cidr.prefixLength == 0 { return .allowed(label) }
                if !isPrivate(cidr) { undecided = .undecided(label) }
            } else if !addresses.isEmpty {
                if addresses.allSatisfy({ cidr.contains($0) }) { return .allowed(label) }
                if addresses.contains(where: { cidr.overlaps($0) }) { undecided = .undecided(label) }
            } else {
                // The peer's addresses were not collected (its VPC or subnets unverified): only the whole address
                // space surely covers them, any other range may.
                if cidr.prefixLength == 0 { return .allowed(label) }
                undecided = .undecided(label)
            }
        }
        return undecided
    }

    /// RFC 1918 and other non-internet ranges, which never hold an AWS service's public address.
    static func isPrivate(_ range: IPv4Range) -> Bool {
        privateRanges.contains { $0.contains(range) }
    }

    private static let privateRanges = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10",
                                        "127.0.0.0/8", "169.254.0.0/16"].compactMap(IPv4Range.init)
}
