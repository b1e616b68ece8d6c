/// An Auto Scaling group as `aws autoscaling describe-auto-scaling-groups` prints it: its size bounds and the
/// instances in it. A group whose desired capacity has reached `MaxSize` cannot add the instance a task needs.
public struct AutoScalingGroup: Sendable, Decodable, Equatable {
    public var autoScalingGroupName: String
    public var autoScalingGroupARN: String?
    public var minSize: Int?
    public var maxSize: Int?
    public var desiredCapacity: Int?
    public var instances: [Instance]?
    /// How the group launches its instances: one of these three (the template may sit in the mixed instances policy).
    public var launchConfigurationName: String?
    public var launchTemplate: LaunchTemplate?
    public var mixedInstancesPolicy: MixedInstancesPolicy?

    /// A launch template as the group names it: by id or name, and a version (a number, `$Latest` or `$Default`).
    public struct LaunchTemplate: Sendable, Codable, Hashable {
        public var launchTemplateId: String?
        public var launchTemplateName: String?
        public var version: String?
    }

    /// The part of a mixed instances policy that names its launch template.
    public struct MixedInstancesPolicy: Sendable, Decodable, Equatable {
        public var launchTemplate: Template?

        public struct Template: Sendable, Decodable, Equatable {
            public var launchTemplateSpecification: LaunchTemplate?
        }
    }

    /// How the group launches instances, as its CloudFormation resource must say it.
    public enum Launch: Sendable, Hashable {
        case configuration(String)
        case template(LaunchTemplate)
        case mixedInstancesTemplate(LaunchTemplate)
    }

    /// The group's launch settings, when `describe-auto-scaling-groups` named them.
    public var launch: Launch? {
        if let template = mixedInstancesPolicy?.launchTemplate?.launchTemplateSpecification { return .mixedInstancesTemplate(template) }
        if let launchTemplate { return .template(launchTemplate) }
        return launchConfigurationName.map(Launch.configuration)
    }

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
