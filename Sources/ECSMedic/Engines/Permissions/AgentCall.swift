/// One call the ECS agent makes with the task's execution role before the task starts, with the request context
/// AWS evaluates it in.
public struct AgentCall: Sendable, Equatable {
    public var action: String
    public var resource: String
    public var context: [String: [String]]
    /// The endpoint service the call goes to (`secretsmanager`, `ssm`, `ecr.api`, `logs`, `kms`, `s3`).
    public var service: String
    /// Why the agent makes it, e.g. `secret DB_PASSWORD of container app`.
    public var reason: String
    /// The resource the fix must name: the secret ARN with its suffix, the key ARN, the log group ARN pattern.
    public var grantResource: String
    /// Conditions a least-privilege grant must carry (`kms:ViaService`).
    public var grantCondition: [String: [String: String]]?

    public init(action: String, resource: String, context: [String: [String]] = [:], service: String, reason: String,
                grantResource: String? = nil, grantCondition: [String: [String: String]]? = nil) {
        self.action = action
        self.resource = resource
        self.context = context
        self.service = service
        self.reason = reason
        self.grantResource = grantResource ?? resource
        self.grantCondition = grantCondition
    }
}
