/// An ECS service as `aws ecs describe-services` prints it: its deployments carry the network configuration
/// that placed each task (`startedBy` on a task is the deployment id).
public struct ECSService: Sendable, Decodable, Equatable {
    public var serviceName: String
    public var serviceArn: String?
    public var clusterArn: String?
    /// `ACTIVE`, `DRAINING` or `INACTIVE` (a deleted service `describe-services` still returns for a while).
    public var status: String?
    public var taskDefinition: String?
    public var launchType: String?
    public var platformVersion: String?
    public var desiredCount: Int?
    public var runningCount: Int?
    public var pendingCount: Int?
    /// The role ECS uses for the service: the service-linked role `AWSServiceRoleForECS` unless another was given.
    public var roleArn: String?
    /// How many tasks a rolling deployment may run above and below the desired count.
    public var deploymentConfiguration: DeploymentConfiguration?
    /// `ECS` (rolling update), `CODE_DEPLOY` (blue/green) or `EXTERNAL`.
    public var deploymentController: DeploymentController?
    /// `REPLICA` or `DAEMON`.
    public var schedulingStrategy: String?
    public var networkConfiguration: NetworkConfiguration?
    public var deployments: [Deployment]?
    public var capacityProviderStrategy: [CapacityProviderStrategyItem]?
    public var placementConstraints: [PlacementConstraint]?
    public var events: [Event]?
    public var loadBalancers: [LoadBalancer]?
    /// Seconds ECS ignores failing load balancer health checks after a task starts.
    public var healthCheckGracePeriodSeconds: Int?

    /// The cluster's name, from the cluster ARN.
    public var clusterName: String? {
        clusterArn.map { String($0.split(separator: "/").last ?? "") }
    }

    /// True when the service started the task: its group names the service (or a deployment of it started the
    /// task) and, where both say, they are in the same cluster.
    public func owns(_ task: ECSTask) -> Bool {
        guard clusterArn == nil || task.clusterArn == nil || clusterArn == task.clusterArn else { return false }
        return task.group == "service:\(serviceName)" || (deployments ?? []).contains { $0.id == task.startedBy }
    }

    public struct Deployment: Sendable, Decodable, Equatable {
        public var id: String
        public var status: String?
        public var taskDefinition: String?
        public var launchType: String?
        public var capacityProviderStrategy: [CapacityProviderStrategyItem]?
        public var platformVersion: String?
        public var networkConfiguration: NetworkConfiguration?
        public var rolloutState: String?
        public var rolloutStateReason: String?
        public var failedTasks: Int?
        public var createdAt: String?
    }

    public struct DeploymentConfiguration: Sendable, Decodable, Equatable {
        /// The upper limit of running and pending tasks during a deployment, in percent of the desired count.
        public var maximumPercent: Int?
        public var minimumHealthyPercent: Int?
    }

    public struct DeploymentController: Sendable, Decodable, Equatable {
        public var type: String?
    }

    public struct Event: Sendable, Decodable, Equatable {
        public var id: String?
        public var createdAt: String?
        public var message: String?

        /// What the event says, parsed from its message.
        public var meaning: ServiceEventMeaning { ServiceEventMeaning(message ?? "") }
    }

    /// The newest stopped task the service owns, else its newest task of any status: the one `--service` diagnoses.
    public func newestTask(in tasks: [ECSTask]) -> ECSTask? {
        let own = tasks.filter(owns)
        let stopped = own.filter { $0.lastStatus == "STOPPED" }
        let pool = stopped.isEmpty ? own : stopped
        return pool.max { ($0.stoppedAt ?? $0.createdAt ?? "") < ($1.stoppedAt ?? $1.createdAt ?? "") }
    }

    public struct LoadBalancer: Sendable, Decodable, Equatable {
        public var targetGroupArn: String?
        public var containerName: String?
        public var containerPort: Int?
    }
}

/// The `awsvpc` network configuration of a service, deployment or run-task call.
public struct NetworkConfiguration: Sendable, Decodable, Equatable {
    public var awsvpcConfiguration: AwsVpcConfiguration?

    public struct AwsVpcConfiguration: Sendable, Decodable, Equatable {
        public var subnets: [String]?
        public var securityGroups: [String]?
        public var assignPublicIp: String?

        public init(subnets: [String]?, securityGroups: [String]?, assignPublicIp: String?) {
            self.subnets = subnets
            self.securityGroups = securityGroups
            self.assignPublicIp = assignPublicIp
        }
    }
}
