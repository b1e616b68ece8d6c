/// A fact ecs-medic needed but could not read: reported as such, never turned into a finding.
public struct UnverifiedFact: Sendable, Codable, Equatable, Hashable {
    /// What could not be verified, e.g. `VPC endpoints of vpc-0c3`.
    public var fact: String
    /// Why: `AccessDenied`, `not in snapshot`, `unreachable`, ...
    public var reason: String
    /// The IAM permission that reads it, e.g. `ec2:DescribeVpcEndpoints`.
    public var permission: String?

    /// The reason of the note that an image outside ECR has platforms ecs-medic cannot read (no permission would
    /// read them, so it does not make the run incomplete).
    public static let outsideECR = "not an ECR image: ecs-medic reads image manifests from ECR only"

    public init(fact: String, reason: String, permission: String? = nil) {
        self.fact = fact
        self.reason = reason
        self.permission = permission
    }
}
