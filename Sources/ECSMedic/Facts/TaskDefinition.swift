/// A task definition as `aws ecs describe-task-definition` prints it (the `taskDefinition` member).
public struct TaskDefinition: Sendable, Decodable, Equatable {
    public var taskDefinitionArn: String?
    public var family: String?
    public var revision: Int?
    public var networkMode: String?
    public var requiresCompatibilities: [String]?
    public var cpu: String?
    public var memory: String?
    public var executionRoleArn: String?
    public var taskRoleArn: String?
    public var containerDefinitions: [ContainerDefinition]
    public var runtimePlatform: RuntimePlatform?
    public var volumes: [Volume]?
    /// `memberOf` constraints on the instances its tasks may run on (EC2).
    public var placementConstraints: [PlacementConstraint]?
    /// The attributes a container instance must have (`ecs.capability.*`, `com.amazonaws.ecs.capability.*`),
    /// which ECS derives from what the task definition uses.
    public var requiresAttributes: [RequiredAttribute]?

    public struct RequiredAttribute: Sendable, Decodable, Equatable {
        public var name: String
        public var value: String?
        public var targetType: String?
    }
    /// More ephemeral storage than Fargate's default 20 GiB (Fargate Linux platform 1.4.0 and later).
    public var ephemeralStorage: EphemeralStorage?

    public struct EphemeralStorage: Sendable, Decodable, Equatable {
        public var sizeInGiB: Int?
    }

    /// A task volume; with `efsVolumeConfiguration` the task mounts an EFS file system over NFS (TCP 2049).
    public struct Volume: Sendable, Decodable, Equatable {
        public var name: String?
        public var efsVolumeConfiguration: EFSVolumeConfiguration?
    }

    public struct EFSVolumeConfiguration: Sendable, Decodable, Equatable {
        public var fileSystemId: String
        public var transitEncryption: String?
    }

    /// The task's OS (`LINUX`, `WINDOWS_SERVER_2022_CORE`, ...): it decides the ephemeral ports of its connections.
    public struct RuntimePlatform: Sendable, Decodable, Hashable {
        public var operatingSystemFamily: String?
        public var cpuArchitecture: String?

        /// The OS family ECS assumes when the field is absent: LINUX.
        public var family: String { operatingSystemFamily ?? "LINUX" }
        /// The CPU architecture ECS assumes when the field is absent: X86_64.
        public var architecture: String { cpuArchitecture ?? "X86_64" }
    }

    /// Whether the task definition is meant for Fargate (`requiresCompatibilities` names it).
    public var requiresFargate: Bool {
        requiresCompatibilities?.contains("FARGATE") ?? false
    }

    /// One container of the task definition, with what the ECS agent fetches for it before it starts.
    public struct ContainerDefinition: Sendable, Decodable, Equatable {
        public var name: String
        public var image: String?
        public var essential: Bool?
        /// The hard memory limit (MiB): the container is killed when it goes above it.
        public var memory: Int?
        /// The soft memory limit (MiB) reserved for the container.
        public var memoryReservation: Int?
        public var cpu: Int?
        public var healthCheck: HealthCheck?
        public var secrets: [Secret]?
        public var environment: [KeyValuePair]?
        public var environmentFiles: [EnvironmentFile]?
        public var logConfiguration: LogConfiguration?
        public var repositoryCredentials: RepositoryCredentials?
        public var portMappings: [PortMapping]?
        public var links: [String]?
        public var privileged: Bool?
        public var linuxParameters: LinuxParameters?
        /// `GPU` (a count, a fraction such as `0.25`, or `ALL`) and `InferenceAccelerator` requirements.
        public var resourceRequirements: [ResourceRequirement]?
    }

    /// A resource a container requires beyond CPU and memory: `{"type": "GPU", "value": "2"}`.
    public struct ResourceRequirement: Sendable, Decodable, Equatable {
        public var type: String
        public var value: String
    }

    /// The Linux options of a container; what the awsvpc/Fargate and platform version checks read (host devices,
    /// added capabilities).
    public struct LinuxParameters: Sendable, Decodable, Equatable {
        public var devices: [Device]?
        public var capabilities: Capabilities?
    }

    public struct Capabilities: Sendable, Decodable, Equatable {
        public var add: [String]?
    }

    public struct Device: Sendable, Decodable, Equatable {
        public var hostPath: String?
    }

    /// A secret injected as an environment variable: `valueFrom` names a Secrets Manager secret or an SSM parameter.
    public struct Secret: Sendable, Decodable, Equatable {
        public var name: String
        public var valueFrom: String
    }

    public struct EnvironmentFile: Sendable, Decodable, Equatable {
        public var value: String
        public var type: String?
    }

    public struct LogConfiguration: Sendable, Decodable, Equatable {
        public var logDriver: String
        public var options: [String: String]?
        public var secretOptions: [Secret]?
    }

    /// The memory (MiB) above which the container is killed: its own hard limit, else the task's memory.
    public func memoryLimit(of container: ContainerDefinition) -> Int? {
        container.memory ?? memory.flatMap { Int($0) }
    }

    public struct RepositoryCredentials: Sendable, Decodable, Equatable {
        public var credentialsParameter: String
    }

    public struct PortMapping: Sendable, Decodable, Equatable {
        public var name: String?
        public var containerPort: Int?
        public var hostPort: Int?
        public var `protocol`: String?
        public var appProtocol: String?
    }

    /// A container health check: ECS runs `command` (`["CMD-SHELL", "curl -f http://localhost/ || exit 1"]`)
    /// every `interval` seconds; `retries` failures in a row after `startPeriod` make the container unhealthy.
    public struct HealthCheck: Sendable, Decodable, Equatable {
        public var command: [String]
        public var interval: Int?
        public var timeout: Int?
        public var retries: Int?
        public var startPeriod: Int?

        /// ECS's defaults for the settings a task definition leaves out (seconds; `startPeriod` 0 means none).
        public static let defaultInterval = 30, defaultTimeout = 5, defaultRetries = 3, defaultStartPeriod = 0
    }
}
