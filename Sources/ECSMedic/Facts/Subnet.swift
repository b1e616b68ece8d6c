/// A subnet as `aws ec2 describe-subnets` prints it.
public struct Subnet: Sendable, Decodable, Equatable {
    public var subnetId: String
    public var vpcId: String
    public var cidrBlock: String?
    public var availabilityZone: String?
    public var mapPublicIpOnLaunch: Bool?
    public var ipv6CidrBlockAssociationSet: [Ipv6CidrBlockAssociation]?

    public struct Ipv6CidrBlockAssociation: Sendable, Decodable, Equatable {
        public var ipv6CidrBlock: String?
    }
}
