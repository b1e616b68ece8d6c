/// A subnet as `aws ec2 describe-subnets` prints it.
public struct Subnet: Sendable, Decodable, Equatable {
    public var subnetId: String
    public var vpcId: String
    public var cidrBlock: String?
    public var availabilityZone: String?
    public var mapPublicIpOnLaunch: Bool?
    public var ipv6CidrBlockAssociationSet: [Ipv6CidrBlockAssociation]?
    /// True for an IPv6-only subnet (no IPv4 range): its tasks talk over IPv6 only.
    public var ipv6Native: Bool?
    /// DNS64: the Route 53 Resolver synthesises `64:ff9b::/96` addresses for names with only IPv4 addresses, which a
    /// NAT gateway translates (NAT64).
    public var enableDns64: Bool?
    /// The IPv4 addresses still free in the subnet (AWS reserves five per subnet); each awsvpc task takes one.
    public var availableIpAddressCount: Int?

    /// The subnet's IPv6 ranges.
    public var ipv6Cidrs: [String] { ipv6CidrBlockAssociationSet?.compactMap(\.ipv6CidrBlock) ?? [] }

    /// True when the subnet has no IPv4 range, only IPv6 ones.
    public var isIPv6Only: Bool { ipv6Native == true || (cidrBlock == nil && !ipv6Cidrs.isEmpty) }

    public struct Ipv6CidrBlockAssociation: Sendable, Decodable, Equatable {
        public var ipv6CidrBlock: String?
    }
}
