/// An ECS task as `aws ecs describe-tasks` prints it: where it ran, how it stopped, what its containers said.
public struct ECSTask: Sendable, Decodable, Equatable {
    public var taskArn: String
    public var clusterArn: String?
    public var taskDefinitionArn: String?
    public var group: String?
    public var startedBy: String?
    public var lastStatus: String?
    public var desiredStatus: String?
    public var launchType: String?
    public var capacityProviderName: String?
    public var platformVersion: String?
    public var availabilityZone: String?
    public var containerInstanceArn: String?
    public var stopCode: String?
    public var stoppedReason: String?
    /// `HEALTHY`, `UNHEALTHY` or `UNKNOWN`: the essential containers' container health checks, when any are defined.
    public var healthStatus: String?
    /// The task-level CPU units and memory MiB (`"256"`, `"512"`), as ECS reports them.
    public var cpu: String?
    public var memory: String?
    /// When ECS created the task, started and finished pulling its images, started it, began to stop it and
    /// stopped it (ISO 8601): `timeline` turns them into durations.
    public var createdAt: String?
    public var pullStartedAt: String?
    public var pullStoppedAt: String?
    public var startedAt: String?
    public var stoppingAt: String?
    public var stoppedAt: String?
    public var attachments: [Attachment]?
    public var containers: [Container]?

    /// A task attachment; for `awsvpc` tasks the `ElasticNetworkInterface` one says where the task was placed.
    public struct Attachment: Sendable, Decodable, Equatable {
        public var id: String?
        public var type: String?
        public var status: String?
        public var details: [KeyValuePair]?

        public func detail(_ name: String) -> String? {
            details?.first { $0.name == name }?.value
        }
    }

    /// A container of the task with how it ended.
    public struct Container: Sendable, Decodable, Equatable {
        public var name: String?
        public var image: String?
        public var lastStatus: String?
        public var exitCode: Int?
        public var reason: String?
        /// `HEALTHY`, `UNHEALTHY` or `UNKNOWN` when the container defines a health check.
        public var healthStatus: String?
        /// The container's hard and soft memory limits (MiB) and CPU units, as ECS reports them (strings).
        public var memory: String?
        public var memoryReservation: String?
        public var cpu: String?
    }

    /// The task's timestamps as seconds since 1970, and the durations an on-call engineer asks for.
    public var timeline: TaskTimeline {
        TaskTimeline(createdAt: createdAt, pullStartedAt: pullStartedAt, pullStoppedAt: pullStoppedAt,
                     startedAt: startedAt, stoppingAt: stoppingAt, stoppedAt: stoppedAt)
    }

    /// The task id: the last component of its ARN.
    public var id: String { taskArn.split(separator: "/").last.map(String.init) ?? taskArn }

    /// How each container ended, as the stopped-reason classifier reads it.
    public var containerStops: [ContainerStop] {
        (containers ?? []).map { ContainerStop(name: $0.name ?? "", reason: $0.reason, exitCode: $0.exitCode) }
    }

    /// The `ElasticNetworkInterface` attachment of an `awsvpc` task.
    public var networkAttachment: Attachment? {
        attachments?.first { $0.type == "ElasticNetworkInterface" }
    }

    /// True when the task runs on Fargate (launch type or a Fargate capacity provider).
    public var isFargate: Bool {
        launchType == "FARGATE" || (capacityProviderName?.hasPrefix("FARGATE") ?? false)
    }
}

/// The `{"name": ..., "value": ...}` pairs ECS uses for attachment details and environment variables.
public struct KeyValuePair: Sendable, Decodable, Hashable {
    public var name: String?
    public var value: String?

    public init(name: String?, value: String?) {
        self.name = name
        self.value = value
    }
}
