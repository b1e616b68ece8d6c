/// Something in a task definition that stops its tasks from starting whatever the network: an invalid Fargate
/// size, a missing execution role, a log group or image that does not exist.
public struct TaskDefinitionIssue: Sendable, Equatable {
    public var check: TaskDefinitionCheck
    /// The resource the problem is about (the image URI, the log group, the task definition), for fingerprints.
    public var resource: String
    /// What is wrong, in one clause (the rule message's `{reason}`).
    public var detail: String
    /// The container concerned, when there is one.
    public var container: String?
    /// The task definition field that causes it, as a JSON path (`containerDefinitions[0].image`).
    public var field: String
    public var evidence: [Evidence]
}

/// The checks a `taskDefinition` rule condition can name (rules/README.md).
public enum TaskDefinitionCheck: String, Sendable, CaseIterable {
    /// Task-level CPU and memory that Fargate does not offer (or that are missing).
    case fargateSize = "fargate-size"
    /// Secrets, ECR images or awslogs without an execution role.
    case executionRole = "execution-role"
    /// An awslogs group that does not exist and is not created by the agent.
    case logGroup = "log-group"
    /// An ECR image tag or digest that the repository does not hold.
    case image
    /// What the awsvpc network mode and Fargate require: `networkMode: awsvpc` on Fargate, subnets where it
    /// runs, `hostPort` equal to `containerPort`, no `links`, no `privileged` containers or host devices on Fargate.
    case awsvpc
}
