/// An EFS mount target as `aws efs describe-mount-targets` prints it, with its security groups from
/// `aws efs describe-mount-target-security-groups` (nil when that call was not made).
public struct EFSMountTarget: Sendable, Decodable, Equatable {
    public var mountTargetId: String
    public var fileSystemId: String
    public var subnetId: String?
    public var vpcId: String?
    public var availabilityZoneName: String?
    public var ipAddress: String?
    public var ipv6Address: String?
    public var lifeCycleState: String?
    public var securityGroups: [String]?
}

/// `aws efs describe-mount-target-security-groups` output; the mount target is named by the call's label.
struct MountTargetSecurityGroups: Decodable {
    var securityGroups: [String]
}
