/// A network ACL as `aws ec2 describe-network-acls` prints it.
public struct NetworkACL: Sendable, Decodable, Equatable {
    public var networkAclId: String
    public var vpcId: String?
    public var isDefault: Bool?
    public var entries: [Entry]?
    public var associations: [Association]?

    public struct Entry: Sendable, Decodable, Equatable {
        public var ruleNumber: Int
        public var `protocol`: String
        public var ruleAction: String
        public var egress: Bool
        public var cidrBlock: String?
        public var ipv6CidrBlock: String?
        public var portRange: PortRange?

        public var allows: Bool { ruleAction.lowercased() == "allow" }
    }

    public struct PortRange: Sendable, Decodable, Equatable {
        public var from: Int?
        public var to: Int?
    }

    public struct Association: Sendable, Decodable, Equatable {
        public var subnetId: String?
    }
}
