/// A security group as `aws ec2 describe-security-groups` prints it.
public struct SecurityGroup: Sendable, Decodable, Equatable {
    public var groupId: String
    public var groupName: String?
    public var vpcId: String?
    public var ipPermissions: [Permission]?
    public var ipPermissionsEgress: [Permission]?

    /// One rule: a protocol and port range, and the sources (ingress) or destinations (egress) it admits.
    public struct Permission: Sendable, Decodable, Equatable {
        public var ipProtocol: String
        public var fromPort: Int?
        public var toPort: Int?
        public var ipRanges: [IpRange]?
        public var ipv6Ranges: [Ipv6Range]?
        public var userIdGroupPairs: [GroupPair]?
        public var prefixListIds: [PrefixListReference]?

        /// True when the rule covers TCP `port` (`-1` is every protocol; TCP rules without ports cover all ports).
        public func coversTCP(port: Int) -> Bool {
            switch ipProtocol.lowercased() {
            case "-1", "all": return true
            case "tcp", "6": return (fromPort ?? 0) <= port && port <= (toPort ?? 65535)
            default: return false
            }
        }

        /// How the rule is written, for evidence: `tcp 443`, `tcp 0-65535`, `all traffic`.
        public var portDescription: String {
            if ipProtocol == "-1" { return "all traffic" }
            let from = fromPort ?? 0, to = toPort ?? 65535
            return from == to ? "\(ipProtocol) \(from)" : "\(ipProtocol) \(from)-\(to)"
        }
    }

    public struct IpRange: Sendable, Decodable, Equatable {
        public var cidrIp: String
        public var description: String?
    }

    public struct Ipv6Range: Sendable, Decodable, Equatable {
        public var cidrIpv6: String
    }

    public struct GroupPair: Sendable, Decodable, Equatable {
        public var groupId: String?
        public var userId: String?
    }

    public struct PrefixListReference: Sendable, Decodable, Equatable {
        public var prefixListId: String
    }
}
