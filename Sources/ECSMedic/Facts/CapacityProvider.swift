/// An ECS capacity provider as `aws ecs describe-capacity-providers` prints it: the Auto Scaling group it scales and
/// whether ECS manages that group's size. `FARGATE` and `FARGATE_SPOT` have no group.
public struct CapacityProvider: Sendable, Decodable, Equatable {
    public var name: String
    public var capacityProviderArn: String?
    public var status: String?
    public var autoScalingGroupProvider: AutoScalingGroupProvider?

    public struct AutoScalingGroupProvider: Sendable, Decodable, Equatable {
        public var autoScalingGroupArn: String
        public var managedScaling: ManagedScaling?
    }

    public struct ManagedScaling: Sendable, Decodable, Equatable {
        /// `ENABLED` or `DISABLED`.
        public var status: String?
        public var targetCapacity: Int?
    }

    /// The name of the Auto Scaling group (the ARN ends in `autoScalingGroupName/<name>`).
    public var autoScalingGroupName: String? {
        guard let arn = autoScalingGroupProvider?.autoScalingGroupArn else { return nil }
        guard let range = arn.range(of: "autoScalingGroupName/") else { return arn }
        return String(arn[range.upperBound...])
    }

    /// Whether the provider runs on Fargate (`FARGATE`, `FARGATE_SPOT`): no instances to place on.
    public static func isFargate(_ name: String) -> Bool { name == "FARGATE" || name == "FARGATE_SPOT" }
}
