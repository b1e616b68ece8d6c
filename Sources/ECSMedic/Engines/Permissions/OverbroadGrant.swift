/// One policy on the execution role that grants far more than the task needs: each probe is an action on a
/// resource the task does not use (another secret, any key) that this policy alone allows.
public struct OverbroadGrant: Sendable, Equatable {
    public var roleArn: String
    /// The managed policy ARN, or `inline policy NAME of ROLE`.
    public var policy: String
    public var isManaged: Bool
    /// `action on resource` for each probe the policy allows.
    public var probes: [String]
    public var probeActions: [String]

    /// Actions ecs-medic probes with, and the kind of resource each probe names.
    static let probeActions = [
        "secretsmanager:GetSecretValue", "secretsmanager:PutSecretValue", "secretsmanager:DeleteSecret",
        "ssm:GetParameters", "ssm:PutParameter", "kms:Decrypt",
    ]

    /// A resource of the action's type in the task's account that no task definition references.
    static func probeResource(for action: String, partition: String, region: String, account: String) -> String {
        switch action.split(separator: ":").first {
        case "secretsmanager": return "arn:\(partition):secretsmanager:\(region):\(account):secret:ecs-medic-probe-AbCdEf"
        case "ssm": return "arn:\(partition):ssm:\(region):\(account):parameter/ecs-medic-probe"
        default: return "arn:\(partition):kms:\(region):\(account):key/00000000-0000-4000-8000-000000000000"
        }
    }
}
