/// A VPC as `aws ec2 describe-vpcs` prints it, with its DNS attributes from `describe-vpc-attribute`.
public struct VPC: Sendable, Decodable, Equatable {
    public var vpcId: String
    public var cidrBlock: String?
    public var dhcpOptionsId: String?
    public var cidrBlockAssociationSet: [CidrBlockAssociation]?
    public var ipv6CidrBlockAssociationSet: [Subnet.Ipv6CidrBlockAssociation]?

    public struct CidrBlockAssociation: Sendable, Decodable, Equatable {
        public var cidrBlock: String?
    }

    /// Every IPv4 CIDR of the VPC, primary first.
    public var ipv4Cidrs: [String] {
        var cidrs = cidrBlock.map { [$0] } ?? []
        for block in cidrBlockAssociationSet ?? [] {
            if let cidr = block.cidrBlock, !cidrs.contains(cidr) { cidrs.append(cidr) }
        }
        return cidrs
    }
}

/// The DNS attributes of a VPC (`aws ec2 describe-vpc-attribute --attribute enableDnsSupport|enableDnsHostnames`);
/// nil means the attribute was not collected.
public struct VPCDNSAttributes: Sendable, Equatable {
    public var enableDnsSupport: Bool?
    public var enableDnsHostnames: Bool?

    public init(enableDnsSupport: Bool? = nil, enableDnsHostnames: Bool? = nil) {
        self.enableDnsSupport = enableDnsSupport
        self.enableDnsHostnames = enableDnsHostnames
    }
}

/// A DHCP option set (`aws ec2 describe-dhcp-options`): custom DNS servers change how endpoint names resolve.
public struct DHCPOptions: Sendable, Decodable, Equatable {
    public var dhcpOptionsId: String
    public var dhcpConfigurations: [Configuration]?

    public struct Configuration: Sendable, Decodable, Equatable {
        public var key: String?
        public var values: [Value]?
    }

    public struct Value: Sendable, Decodable, Equatable {
        public var value: String?
    }

    /// The DNS servers the option set hands out (`AmazonProvidedDNS` when it is Route 53 Resolver).
    public var domainNameServers: [String] {
        dhcpConfigurations?.first { $0.key == "domain-name-servers" }?.values?.compactMap(\.value) ?? []
    }
}
