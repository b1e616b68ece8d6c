/// One record set of a hosted zone, as `aws route53 list-resource-record-sets` prints it: plain values or an
/// alias to another name (an interface endpoint's DNS name, for an endpoint shared through a private hosted zone).
public struct ResourceRecordSet: Sendable, Decodable, Equatable {
    public var name: String
    public var type: String
    public var aliasTarget: AliasTarget?
    public var resourceRecords: [Value]?

    public struct AliasTarget: Sendable, Decodable, Equatable {
        public var dnsName: String
        public var hostedZoneId: String?
    }

    public struct Value: Sendable, Decodable, Equatable {
        public var value: String
    }

    /// The name a CNAME or alias record points to, normalized; nil for plain A/AAAA records.
    public var target: String? {
        if let alias = aliasTarget { return DNSName.normalized(alias.dnsName) }
        if type.uppercased() == "CNAME", let value = resourceRecords?.first?.value { return DNSName.normalized(value) }
        return nil
    }

    /// True when the record answers `host`: the same name, or a wildcard (`*.dkr.ecr...`) covering it.
    public func answers(_ host: String) -> Bool {
        let own = DNSName.normalized(name)
        if own == host { return true }
        guard own.hasPrefix("*.") else { return false }
        return host.hasSuffix(String(own.dropFirst(1)))
    }
}
