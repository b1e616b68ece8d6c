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
    public struct RuntimePlatform: Sendable, Decodable, Equatable {
        public var operatingSystemFamily: String?
        public var cpuArchitecture: String?
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
        public var secrets: [Secret]?
        public var environment: [KeyValuePair]?
        public var environmentFiles: [EnvironmentFile]?
        public var logConfiguration: LogConfiguration?
        public var repositoryCredentials: RepositoryCredentials?
        public var portMappings: [PortMapping]?
        public var links: [String]?
        public var privileged: Bool?
        public var linuxParameters: LinuxParameters?
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

    public struct RepositoryCredentials: Sendable, Decodable, Equatable {
        public var credentialsParameter: String
    }

    public struct PortMapping: Sendable, Decodable, Equatable {
        public var containerPort: Int?
        public var hostPort: Int?
        public var `protocol`: String?
    }
}
