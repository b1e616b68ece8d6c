/// An ECS container instance as `aws ecs describe-container-instances` prints it: which EC2 instance it is, whether
/// ECS may place tasks on it (status, agent connection), what it has left (`remainingResources`) and its attributes
/// (`ecs.instance-type`, `ecs.availability-zone`, `ecs.capability.*`, `ecs.awsvpc-trunk-id` when ECS attached a
/// trunk network interface), which placement constraints test.
public struct ContainerInstance: Sendable, Decodable, Equatable {
    public var containerInstanceArn: String
    public var ec2InstanceId: String?
    /// `ACTIVE`, `DRAINING`, `REGISTERING`, `DEREGISTERING`, `REGISTRATION_FAILED`, `INACTIVE`: ECS places tasks on
    /// ACTIVE instances only.
    public var status: String?
    public var agentConnected: Bool?
    public var runningTasksCount: Int?
    public var pendingTasksCount: Int?
    /// When the instance registered, as the AWS CLI prints it (ISO 8601).
    public var registeredAt: String?
    public var capacityProviderName: String?
    public var versionInfo: VersionInfo?
    public var registeredResources: [Resource]?
    /// What is left for new tasks: `CPU` and `MEMORY` (integers: CPU units, MiB), `PORTS` and `PORTS_UDP` (string
    /// sets: the host ports already taken, the agent's reserved ones included).
    public var remainingResources: [Resource]?
    public var attributes: [Attribute]?

    public struct VersionInfo: Sendable, Decodable, Equatable {
        public var agentVersion: String?
    }

    public struct Resource: Sendable, Decodable, Equatable {
        public var name: String
        public var type: String?
        public var integerValue: Int?
        public var stringSetValue: [String]?
    }

    public struct Attribute: Sendable, Decodable, Equatable {
        public var name: String
        public var value: String?
    }

    /// The integer value of a remaining resource (`CPU`, `MEMORY`); nil when the answer does not carry it.
    public func remaining(_ name: String) -> Int? {
        remainingResources?.first { $0.name == name }?.integerValue
    }

    /// The host ports taken for `PORTS` (TCP) or `PORTS_UDP`; nil when the answer does not carry them.
    public func takenPorts(_ name: String) -> Set<Int>? {
        remainingResources?.first { $0.name == name }.map { Set(($0.stringSetValue ?? []).compactMap { Int($0) }) }
    }

    /// The GPU ids ECS registered for the instance (`GPU`, a string set the agent reports on a GPU-enabled AMI): an
    /// empty list when `registeredResources` has no GPU entry, nil when the answer carries no registered resources.
    public var registeredGPUs: [String]? {
        registeredResources.map { resources in resources.first { $0.name == "GPU" }?.stringSetValue ?? [] }
    }

    /// The value of an attribute (empty for one without a value); nil when the instance lacks it.
    public func attribute(_ name: String) -> String? {
        attributes?.first { $0.name == name }.map { $0.value ?? "" }
    }
}

/// An EC2 instance as `aws ec2 describe-instances` prints it (inside `Reservations[].Instances[]`): for the EC2
/// launch type the ECS agent pulls images, secrets and logs through this instance's network.
public struct EC2Instance: Sendable, Decodable, Equatable {
    public var instanceId: String
    public var subnetId: String?
    public var vpcId: String?
    public var privateIpAddress: String?
    public var publicIpAddress: String?
    public var securityGroups: [Group]?

    public struct Group: Sendable, Decodable, Equatable {
        public var groupId: String
        public var groupName: String?
    }
}

/// `aws ec2 describe-instances` groups instances by reservation.
struct EC2Reservation: Decodable {
    var instances: [EC2Instance]?
}
