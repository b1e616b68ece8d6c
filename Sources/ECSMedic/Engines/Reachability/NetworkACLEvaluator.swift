/// Decides whether a network ACL lets TCP packets through in one direction. Network ACLs are stateless: the
/// request and its return traffic (to the client's ephemeral port) are checked separately, rules in ascending
/// rule number, the first rule that matches a packet deciding it.
struct NetworkACLEvaluator {
    /// The other end of the packets, as NACL rules (CIDRs only) can name it.
    struct Peer: Sendable, Equatable {
        /// Every IPv4 address the peer may use; a rule matches only when its CIDR covers all of them.
        var addresses: [IPv4Range] = []
        /// Every IPv6 address the peer may use, for packets over IPv6.
        var ipv6Addresses: [IPv6Range] = []
        /// The packets are IPv6: only entries with an `Ipv6CidrBlock` apply (and the internet is `::/0`); over
        /// IPv4 only entries with a `CidrBlock` do.
        var isIPv6 = false
        /// The peer is somewhere on the internet: only `0.0.0.0/0` surely covers it.
        var isInternet = false
        var name: String
    }

    struct Result {
        var passes: Bool?
        /// What decided, with the rule numbers, for evidence.
        var detail: String
        /// The rule that denies, when one does.
        var denyingRule: Int?
        /// In a few words, for a one-line path: `acl-0a1 outbound rule 100`.
        var label: String
    }

    /// A network ACL as the checks read it, worked out once (`NetworkIndex` keeps one per ACL): each direction's
    /// TCP entries in ascending rule number, with their CIDRs parsed and the ports they cover.
    struct Prepared: Sendable {
        struct Entry: Sendable {
            let entry: NetworkACL.Entry
            let ports: ClosedRange<Int>
            let ipv4: IPv4Range?
            let ipv6: IPv6Range?
        }

        let networkAclId: String
        let inbound: [Entry]
        let outbound: [Entry]

        init(_ acl: NetworkACL) {
            networkAclId = acl.networkAclId
            func entries(egress: Bool) -> [Entry] {
                (acl.entries ?? []).filter { $0.egress == egress }.sorted { $0.ruleNumber < $1.ruleNumber }.compactMap { entry in
                    coveredTCPPorts(entry).map { Entry(entry: entry, ports: $0, ipv4: entry.cidrBlock.flatMap(IPv4Range.init),
                                                       ipv6: entry.ipv6CidrBlock.flatMap(IPv6Range.init)) }
                }
            }
            inbound = entries(egress: false)
            outbound = entries(egress: true)
        }
    }

    /// The ephemeral range AWS recommends NACLs to allow for return traffic (it covers every client).
    static let recommendedEphemeralPorts = 1024...65535

    /// Whether every port of `ports` to or from `peer` is allowed in this direction.
    static func check(_ acl: NetworkACL, egress: Bool, ports: ClosedRange<Int>, peer: Peer) -> Result {
        check(Prepared(acl), egress: egress, ports: ports, peer: peer)
    }

    /// Whether every port of `ports` to or from `peer` is allowed in this direction, by a prepared ACL.
    static func check(_ acl: Prepared, egress: Bool, ports: ClosedRange<Int>, peer: Peer) -> Result {
        let direction = egress ? "outbound" : "inbound"
        let preposition = egress ? "to" : "from"
        let what = ports.count == 1 ? "tcp \(ports.lowerBound)" : "tcp \(ports.lowerBound)-\(ports.upperBound)"
        let label = { (rules: String) in "\(acl.networkAclId) \(direction) \(rules)" }
        var remaining = [ports]
        var allowedBy: [Int] = []
        // A rule whose CIDR covers only some of the peer's addresses decides for those only: an allow that may
        // apply makes a later denial uncertain, a denial that may apply makes a later allow uncertain.
        var uncertainAllow: String?
        var uncertainDeny: String?
        for prepared in egress ? acl.outbound : acl.inbound {
            let entry = prepared.entry, entryPorts = prepared.ports
            let overlapping = remaining.compactMap { intersection($0, entryPorts) }
            guard !overlapping.isEmpty else { continue }
            switch match(prepared, peer) {
            case .none:
                continue
            case .some(false):
                let note = "\(acl.networkAclId) \(direction) rule \(entry.ruleNumber) (\((peer.isIPv6 ? entry.ipv6CidrBlock : entry.cidrBlock) ?? "")) may or may not cover \(peer.name)"
                if entry.allows { uncertainAllow = uncertainAllow ?? note } else { uncertainDeny = uncertainDeny ?? note }
            case .some(true):
                if !entry.allows {
                    if let uncertainAllow { return Result(passes: nil, detail: uncertainAllow, label: label("rules")) }
                    let denied = overlapping[0]
                    return Result(passes: false,
                                  detail: "\(acl.networkAclId) \(direction) rule \(entry.ruleNumber) denies \(describe(denied)) \(preposition) \(peer.name)",
                                  denyingRule: entry.ruleNumber, label: label("rule \(entry.ruleNumber)"))
                }
                allowedBy.append(entry.ruleNumber)
                remaining = remaining.flatMap { subtract(entryPorts, from: $0) }
                if remaining.isEmpty {
                    if let uncertainDeny { return Result(passes: nil, detail: uncertainDeny, label: label("rules")) }
                    let rules = allowedBy.map(String.init).joined(separator: ", ")
                    let ruleWord = allowedBy.count > 1 ? "rules" : "rule"
                    return Result(passes: true,
                                  detail: "\(acl.networkAclId) \(direction) \(ruleWord) \(rules) allow\(allowedBy.count > 1 ? "" : "s") \(what) \(preposition) \(peer.name)",
                                  label: label("\(ruleWord) \(rules)"))
                }
            }
        }
        if let uncertainAllow { return Result(passes: nil, detail: uncertainAllow, label: label("rules")) }
        return Result(passes: false,
                      detail: "\(acl.networkAclId) \(direction): no rule allows \(describe(remaining[0])) \(preposition) \(peer.name) (the final * rule denies it)",
                      label: label("*"))
    }

    /// The ports of TCP packets a rule applies to, nil when it does not apply to TCP.
    static func coveredTCPPorts(_ entry: NetworkACL.Entry) -> ClosedRange<Int>? {
        switch entry.protocol.lowercased() {
        case "-1", "all":
            return 0...65535
        case "6", "tcp":
            let from = entry.portRange?.from ?? 0, to = entry.portRange?.to ?? 65535
            return from <= to ? from...to : nil
        default:
            return nil
        }
    }

    /// nil: the rule does not match the peer; true: it matches every address; false: it matches only some.
    private static func match(_ entry: Prepared.Entry, _ peer: Peer) -> Bool? {
        if peer.isIPv6 {
            return match(entry.ipv6, peer.ipv6Addresses, isInternet: peer.isInternet, isPrivate: \.isPrivate)
        }
        return match(entry.ipv4, peer.addresses, isInternet: peer.isInternet, isPrivate: SecurityGroupEvaluator.isPrivate)
    }

    private static func match<Range: CIDRRange>(_ cidr: Range?, _ addresses: [Range], isInternet: Bool,
                                                isPrivate: (Range) -> Bool) -> Bool? {
        guard let cidr else { return nil }
        if isInternet {
            if cidr.prefixLength == 0 { return true }
            return isPrivate(cidr) ? nil : false
        }
        // Addresses not collected (the VPC or subnets unverified): only the whole address space surely covers
        // them, any other range may.
        guard !addresses.isEmpty else { return cidr.prefixLength == 0 ? true : false }
        if addresses.allSatisfy({ cidr.contains($0) }) { return true }
        return addresses.contains { cidr.overlaps($0) } ? false : nil
    }

    private static func intersection(_ a: ClosedRange<Int>, _ b: ClosedRange<Int>) -> ClosedRange<Int>? {
        let low = max(a.lowerBound, b.lowerBound), high = min(a.upperBound, b.upperBound)
        return low <= high ? low...high : nil
    }

    private static func subtract(_ cut: ClosedRange<Int>, from range: ClosedRange<Int>) -> [ClosedRange<Int>] {
        guard intersection(cut, range) != nil else { return [range] }
        var pieces: [ClosedRange<Int>] = []
        if range.lowerBound < cut.lowerBound { pieces.append(range.lowerBound...(cut.lowerBound - 1)) }
        if cut.upperBound < range.upperBound { pieces.append((cut.upperBound + 1)...range.upperBound) }
        return pieces
    }

    private static func describe(_ ports: ClosedRange<Int>) -> String {
        ports.count == 1 ? "tcp \(ports.lowerBound)" : "tcp \(ports.lowerBound)-\(ports.upperBound)"
    }
}
