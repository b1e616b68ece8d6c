/// An Auto Scaling group as `aws autoscaling describe-auto-scaling-groups` prints it: its size bounds and the
/// instances in it. A group whose desired capacity has reached `MaxSize` cannot add the instance a task needs.
public struct AutoScalingGroup: Sendable, Decodable, Equatable {
    public var autoScalingGroupName: String
    public var autoScalingGroupARN: String?
    public var minSize: Int?
    public var maxSize: Int?
    public var desiredCapacity: Int?
    public var instances: [Instance]?

    public struct Instance: Sendable, Decodable, Equatable {
        public var instanceId: String
        public var instanceType: String?
        public var availabilityZone: String?
        public var lifecycleState: String?
        public var healthStatus: String?
    }

    /// Whether scaling out is blocked: the desired capacity is at (or above) the maximum.
    public var atMaximum: Bool {
        guard let maxSize, let desiredCapacity else { return false }
        return desiredCapacity >= maxSize
    }
}
