/// Something that stops the tasks of a task definition from starting whatever the network: an invalid Fargate
/// size, a missing execution role, a log group or image that does not exist, a feature the platform version lacks,
/// subnets without free addresses, a missing service-linked role.
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
    /// Other resources the finding is about, after `resource` (the other subnets of the service).
    public var related: [String] = []
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
    /// Features the task definition uses that its Fargate platform version does not support (EFS volumes, secrets'
    /// JSON keys, ephemeral storage, ARM64 on platforms before 1.4.0).
    case platformVersion = "platform-version"
    /// Fewer free IPv4 addresses in the service's subnets than the awsvpc tasks it must place (its desired count
    /// and a deployment's `maximumPercent` surge, less the tasks that already hold one).
    case subnetAddresses = "subnet-addresses"
    /// The ECS service-linked role `AWSServiceRoleForECS` does not exist in the account.
    case serviceLinkedRole = "service-linked-role"
    /// A public Docker Hub image pulled without credentials through a NAT gateway, whose one address every task
    /// shares against Docker Hub's per-address limit on anonymous pulls.
    case registryRateLimit = "registry-rate-limit"
    /// An image whose manifest lists no platform that matches where the task runs (its `runtimePlatform`, or the
    /// container instance's `ecs.os-type` and `ecs.cpu-architecture`).
    case imagePlatform = "image-platform"
    /// No container instance (EC2 launch type, EC2 capacity providers) can take the task: status, agent, CPU,
    /// memory, host ports, required attributes or a `memberOf` constraint excludes every one (`CapacityInspector`).
    case capacity
    /// Fargate had no capacity for the task ("Capacity is unavailable at this time"): a note, not configuration.
    case fargateCapacity = "fargate-capacity"
}
