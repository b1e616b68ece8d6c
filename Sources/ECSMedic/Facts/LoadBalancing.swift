/// A load balancer as `aws elbv2 describe-load-balancers` prints it: its security groups and subnets are where
/// its health checks come from.
public struct LoadBalancer: Sendable, Decodable, Equatable {
    public var loadBalancerArn: String
    public var loadBalancerName: String?
    public var type: String?
    public var vpcId: String?
    public var securityGroups: [String]?
    public var availabilityZones: [Zone]?

    public struct Zone: Sendable, Decodable, Equatable {
        public var zoneName: String?
        public var subnetId: String?
    }
}

/// A target group as `aws elbv2 describe-target-groups` prints it.
public struct TargetGroup: Sendable, Decodable, Equatable {
    public var targetGroupArn: String
    public var targetGroupName: String?
    public var port: Int?
    public var healthCheckPort: String?
    public var targetType: String?
    public var loadBalancerArns: [String]?
}

/// The entries of a customer-managed prefix list (`aws ec2 get-managed-prefix-list-entries`).
struct ManagedPrefixListEntries: Decodable {
    struct Entry: Decodable { var cidr: String? }
    var entries: [Entry]?
}
