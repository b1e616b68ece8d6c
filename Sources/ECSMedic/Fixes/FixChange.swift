import AWSClient

/// One mechanical change a fix makes to the deployment, with the real ids from the facts. Every form of a fix
/// (AWS CLI, Terraform, CloudFormation) is written from its changes, the in-memory re-verification applies them
/// to the facts, and the fix planner merges them across findings.
public enum FixChange: Sendable, Hashable {
    /// A new security group for interface endpoints that admits TCP 443 from the task's groups.
    case endpointSecurityGroup(vpcId: String, sources: [String])
    /// An interface endpoint with private DNS; a nil group is the new endpoint security group.
    case interfaceEndpoint(vpcId: String, serviceName: String, subnets: [String], securityGroup: String?)
    case gatewayEndpoint(vpcId: String, serviceName: String, routeTables: [String])
    /// More route tables on an existing gateway endpoint (a route table has at most one per service).
    case gatewayEndpointRouteTables(endpoint: VPCEndpoint, adding: [String])
    case securityGroupRule(SecurityGroupRule)
    case route(routeTableId: String, destination: String, natGatewayId: String, replacing: Bool)
    /// Private DNS on an existing interface endpoint (the others fields let IaC describe the whole resource).
    case endpointPrivateDNS(endpoint: VPCEndpoint)
    /// DNS support and hostnames on an existing VPC; the flags say which of the two are off now.
    case vpcDNS(vpcId: String, cidrBlock: String?, supportOff: Bool, hostnamesOff: Bool)
    case assignPublicIP(cluster: String, service: String, taskDefinition: String?, subnets: [String], securityGroups: [String])
    /// A CloudWatch Logs log group the task definition's awslogs driver writes to.
    case logGroup(name: String)
    /// An allow entry on an existing network ACL for TCP `fromPort...toPort` to (egress) or from (ingress) `cidr`,
    /// numbered before the entry that denies it.
    case networkACLEntry(aclId: String, ruleNumber: Int, egress: Bool, fromPort: Int, toPort: Int, cidr: String)
    /// The whole policy of an existing VPC endpoint (interface or gateway): its statements kept, the missing ones added.
    case endpointPolicy(endpoint: VPCEndpoint, document: JSONValue)
    /// A log driver option set on containers of a task definition: a new revision of `family` registered from
    /// `taskDefinition` with the option added, then the service moved to it (nil service: a standalone task).
    case logDriverOption(taskDefinition: String, family: String, containers: [ContainerLogConfiguration], option: String,
                         value: String, cluster: String, service: String?)
    /// A new task definition revision with one container's memory limit, the task's memory, one environment
    /// variable or the task's runtime platform changed, and the service moved to it.
    case taskDefinitionRevision(TaskDefinitionRevision)
    /// The service's health check grace period set to `seconds` (it was `previous`).
    case healthCheckGracePeriod(cluster: String, service: String, seconds: Int, previous: Int)
    /// Health check settings of an existing target group (port, path or matcher).
    case targetGroupHealthCheck(TargetGroupHealthCheck)
    /// An inline policy on a role (created or replaced).
    case rolePolicy(role: String, name: String, document: JSONValue)
    case trustPolicy(role: String, document: JSONValue)
    case detachManagedPolicy(role: String, policyArn: String)
    case deleteRolePolicy(role: String, name: String)
    /// The service-linked role of an AWS service (`ecs.amazonaws.com` → `AWSServiceRoleForECS`).
    case serviceLinkedRole(awsServiceName: String)
    /// An existing service moved to a Fargate platform version, which starts a new deployment.
    case platformVersion(region: String, cluster: String, service: String, version: String)
    /// An existing Auto Scaling group's MaxSize raised from `previous` to `maxSize`, so that its capacity provider can
    /// add the instance a task needs.
    /// `minSize` and `launch` are the group's own, unchanged: a CloudFormation resource must state them.
    case autoScalingMaxSize(region: String, group: String, maxSize: Int, previous: Int, minSize: Int?, launch: AutoScalingGroup.Launch?)
    /// An ECR pull-through cache rule: images of `upstream` are pulled as `<registry>/<prefix>/...`, with the registry
    /// credentials held in the Secrets Manager secret `credentialArn` (named `ecr-pullthroughcache/...`).
    case pullThroughCacheRule(prefix: String, upstream: String, credentialArn: String)
    /// Start the task again after the change: a new deployment of the service.
    case redeployService(region: String, cluster: String, service: String)
    /// Start a standalone task again with its task definition and network configuration.
    case runTask(region: String, cluster: String, taskDefinition: String, launchType: String?, subnets: [String], securityGroups: [String])

    /// Whether the change answers what a stopped task went through (its memory, its heap, the container instance
    /// it ran on): diagnosing the patched facts again would still see that task, so such a fix is not re-verified
    /// in memory (`verified` stays absent). A runtime platform on Fargate is judged from the task definition alone.
    var answersPastEvents: Bool {
        if case .taskDefinitionRevision(let revision) = self { return revision.runtimePlatform == nil || revision.placementConstraint != nil }
        // The codes the old path answered stay in the target health and events the re-diagnosis reads.
        if case .targetGroupHealthCheck(let settings) = self, settings.path != nil { return true }
        return false
    }

    /// Whether the change only starts the task again (listed last, once, in a merged plan).
    var isRestart: Bool {
        switch self {
        case .redeployService, .runTask: return true
        default: return false
        }
    }
}

/// What a new task definition revision changes in one container (and the task), registered from `taskDefinition`.
public struct TaskDefinitionRevision: Sendable, Hashable {
    public var taskDefinition: String
    public var family: String
    public var container: String
    public var image: String?
    /// The container's new hard memory limit (MiB), when it changes.
    public var containerMemory: Int?
    /// The task's new memory (MiB), when it changes.
    public var taskMemory: Int?
    /// The task's new CPU units, when they change (Windows on Fargate starts at 1 vCPU).
    public var taskCpu: Int? = nil
    /// An environment variable of the container set to a new value.
    public var environment: KeyValuePair?
    public var cluster: String
    /// Nil for a standalone task.
    public var service: String?
    /// The task's new runtime platform (its OS family and CPU architecture), when it changes.
    public var runtimePlatform: TaskDefinition.RuntimePlatform? = nil
    /// A `memberOf` placement constraint expression added (EC2: `attribute:ecs.cpu-architecture == arm64`).
    public var placementConstraint: String? = nil

    /// The changes in words: `container app memory 1024 MiB, task memory 2048 MiB`.
    var summary: String {
        [containerMemory.map { "container \(container) memory \($0) MiB" }, taskCpu.map { "task cpu \($0)" }, taskMemory.map { "task memory \($0) MiB" },
         environment.map { "\($0.name ?? "") of container \(container) = \"\($0.value ?? "")\"" },
         runtimePlatform.map { "runtimePlatform \($0.family)/\($0.architecture)" },
         placementConstraint.map { "placement constraint memberOf \($0)" }]
            .compactMap { $0 }.joined(separator: ", ")
    }
}

/// A container's log configuration as a fix leaves it (the option added), with its image, which infrastructure code
/// that declares the container needs.
public struct ContainerLogConfiguration: Sendable, Hashable {
    public var container: String
    public var image: String?
    public var logDriver: String
    public var options: [String: String]
}

/// One TCP rule on a security group: ingress from, or egress to, a group, a CIDR or a prefix list.
public struct SecurityGroupRule: Sendable, Hashable {
    public enum Direction: String, Sendable, Hashable { case ingress, egress }

    public enum Peer: Sendable, Hashable {
        case group(String)
        case cidr(String)
        case prefixList(String)

        var id: String {
            switch self {
            case .group(let id), .cidr(let id), .prefixList(let id): return id
            }
        }
    }

    public var direction: Direction
    public var groupId: String
    public var port: Int
    public var peer: Peer
}

extension VPCEndpoint: Hashable {
    public func hash(into hasher: inout Hasher) {
        hasher.combine(vpcEndpointId)
    }
}
