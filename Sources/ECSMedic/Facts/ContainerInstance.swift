/// An ECS container instance as `aws ecs describe-container-instances` prints it: which EC2 instance it is, and
/// its attributes (`ecs.cpu-architecture`, `ecs.os-type`, the capabilities).
public struct ContainerInstance: Sendable, Decodable, Equatable {
    public var containerInstanceArn: String
    public var ec2InstanceId: String?
    public var attributes: [Attribute]?

    public struct Attribute: Sendable, Decodable, Equatable {
        public var name: String
        public var value: String?
    }

    /// The value of attribute `name`.
    public func attribute(_ name: String) -> String? {
        attributes?.first { $0.name == name }?.value
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
