/// A route table as `aws ec2 describe-route-tables` prints it.
public struct RouteTable: Sendable, Decodable, Equatable {
    public var routeTableId: String
    public var vpcId: String?
    public var associations: [Association]?
    public var routes: [Route]?

    public struct Association: Sendable, Decodable, Equatable {
        public var main: Bool?
        public var subnetId: String?
        public var gatewayId: String?
    }

    /// One route: a destination (CIDR or prefix list) and the one target it sends traffic to.
    public struct Route: Sendable, Decodable, Equatable {
        public var destinationCidrBlock: String?
        public var destinationIpv6CidrBlock: String?
        public var destinationPrefixListId: String?
        public var gatewayId: String?
        public var natGatewayId: String?
        public var transitGatewayId: String?
        public var vpcPeeringConnectionId: String?
        public var networkInterfaceId: String?
        public var instanceId: String?
        public var egressOnlyInternetGatewayId: String?
        public var localGatewayId: String?
        public var carrierGatewayId: String?
        public var coreNetworkArn: String?
        public var state: String?
        public var origin: String?

        /// The id of the route's target, whatever its kind.
        public var target: String {
            gatewayId ?? natGatewayId ?? transitGatewayId ?? vpcPeeringConnectionId ?? egressOnlyInternetGatewayId
                ?? networkInterfaceId ?? instanceId ?? localGatewayId ?? carrierGatewayId ?? coreNetworkArn ?? "unknown"
        }

        /// The destination as written in the table.
        public var destination: String {
            destinationCidrBlock ?? destinationIpv6CidrBlock ?? destinationPrefixListId ?? "unknown"
        }
    }

    /// True when this is its VPC's main route table (used by subnets with no explicit association).
    public var isMain: Bool { associations?.contains { $0.main == true } ?? false }
}
