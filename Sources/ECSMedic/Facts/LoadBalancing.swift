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

/// A target group as `aws elbv2 describe-target-groups` prints it, with its health check settings.
public struct TargetGroup: Sendable, Decodable, Equatable {
    public var targetGroupArn: String
    public var targetGroupName: String?
    public var `protocol`: String?
    public var port: Int?
    public var vpcId: String?
    /// `ip` for awsvpc tasks, `instance` for bridge/host tasks on EC2.
    public var targetType: String?
    public var loadBalancerArns: [String]?
    public var healthCheckEnabled: Bool?
    public var healthCheckProtocol: String?
    /// `traffic-port` (the target's port) or a port number.
    public var healthCheckPort: String?
    public var healthCheckPath: String?
    public var healthCheckIntervalSeconds: Int?
    public var healthCheckTimeoutSeconds: Int?
    public var healthyThresholdCount: Int?
    public var unhealthyThresholdCount: Int?
    public var matcher: Matcher?

    /// The status codes a healthy target answers: `HttpCode` (`200`, `200-299`, `200,302`) or `GrpcCode`.
    public struct Matcher: Sendable, Decodable, Equatable {
        public var httpCode: String?
        public var grpcCode: String?
    }
}

/// One target of a target group and its health, as `aws elbv2 describe-target-health` prints it
/// (`TargetHealthDescriptions[]`).
public struct TargetHealthDescription: Sendable, Decodable, Equatable {
    public var target: Target
    public var healthCheckPort: String?
    public var targetHealth: Health?

    /// The target: an IP address (`ip` targets, awsvpc tasks) or an instance id, and the port traffic goes to.
    public struct Target: Sendable, Decodable, Equatable {
        public var id: String
        public var port: Int?
        public var availabilityZone: String?
    }

    /// `State` is `initial`, `healthy`, `unhealthy`, `unhealthy.draining`, `unused`, `draining` or `unavailable`;
    /// `Reason` a code such as `Target.Timeout`, `Target.ResponseCodeMismatch`, `Target.FailedHealthChecks`,
    /// `Elb.InitialHealthChecking`, `Target.NotRegistered`; `Description` says it in words.
    public struct Health: Sendable, Decodable, Equatable {
        public var state: String?
        public var reason: String?
        public var description: String?
    }
}

/// The entries of a customer-managed prefix list (`aws ec2 get-managed-prefix-list-entries`).
struct ManagedPrefixListEntries: Decodable {
    struct Entry: Decodable { var cidr: String? }
    var entries: [Entry]?
}
