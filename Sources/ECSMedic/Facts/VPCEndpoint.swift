/// A VPC endpoint as `aws ec2 describe-vpc-endpoints` prints it (interface or gateway).
public struct VPCEndpoint: Sendable, Decodable, Equatable {
    public var vpcEndpointId: String
    public var vpcEndpointType: String?
    public var vpcId: String?
    public var serviceName: String?
    public var state: String?
    public var policyDocument: String?
    public var routeTableIds: [String]?
    public var subnetIds: [String]?
    public var groups: [Group]?
    public var privateDnsEnabled: Bool?
    public var networkInterfaceIds: [String]?
    /// `ipv4`, `dualstack` or `ipv6`: the address families the endpoint's network interfaces answer on.
    public var ipAddressType: String?
    /// The endpoint's own DNS names (`vpce-0a1-b2c.secretsmanager.<region>.vpce.amazonaws.com` and zonal ones).
    public var dnsEntries: [DNSEntry]?

    public struct DNSEntry: Sendable, Decodable, Equatable {
        public var dnsName: String?
    }

    public struct Group: Sendable, Decodable, Equatable {
        public var groupId: String
        public var groupName: String?
    }

    public var isInterface: Bool { vpcEndpointType?.lowercased() == "interface" }
    public var isGateway: Bool { vpcEndpointType?.lowercased() == "gateway" }
    public var isAvailable: Bool { state?.lowercased() == "available" }
    public var securityGroupIds: [String] { groups?.map(\.groupId) ?? [] }
}
