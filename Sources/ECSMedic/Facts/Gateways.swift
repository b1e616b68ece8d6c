/// A NAT gateway as `aws ec2 describe-nat-gateways` prints it.
public struct NATGateway: Sendable, Decodable, Equatable {
    public var natGatewayId: String
    public var subnetId: String?
    public var vpcId: String?
    public var state: String?
    public var connectivityType: String?
    public var natGatewayAddresses: [Address]?

    public struct Address: Sendable, Decodable, Equatable {
        public var publicIp: String?
        public var privateIp: String?
        public var allocationId: String?
    }

    /// Private NAT gateways translate to private addresses only: they never reach the internet.
    public var isPublic: Bool { (connectivityType ?? "public").lowercased() == "public" }
}

/// An internet gateway as `aws ec2 describe-internet-gateways` prints it.
public struct InternetGateway: Sendable, Decodable, Equatable {
    public var internetGatewayId: String
    public var attachments: [Attachment]?

    public struct Attachment: Sendable, Decodable, Equatable {
        public var vpcId: String?
        public var state: String?
    }
}

/// A network interface as `aws ec2 describe-network-interfaces` prints it.
public struct NetworkInterface: Sendable, Decodable, Equatable {
    public var networkInterfaceId: String
    public var subnetId: String?
    public var vpcId: String?
    public var privateIpAddress: String?
    public var ipv6Addresses: [Ipv6Address]?
    public var interfaceType: String?
    public var groups: [VPCEndpoint.Group]?
    public var association: Association?

    public struct Association: Sendable, Decodable, Equatable {
        public var publicIp: String?
    }

    public struct Ipv6Address: Sendable, Decodable, Equatable {
        public var ipv6Address: String?
    }
}

/// An AWS-managed prefix list as `aws ec2 describe-prefix-lists` prints it (S3 and DynamoDB gateway routes).
public struct PrefixList: Sendable, Decodable, Equatable {
    public var prefixListId: String
    public var prefixListName: String?
    public var cidrs: [String]?
}
