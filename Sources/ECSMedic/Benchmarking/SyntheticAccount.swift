/// A generated account for measuring the reachability engine at scale: VPCs of /24 subnets with their own route
/// tables (NAT gateway, internet gateway or no default route), interface and S3 gateway endpoints, network ACLs,
/// security groups that reference one another, and services that each need Secrets Manager, ECR, S3, Logs and a
/// database from two subnets. Deterministic for a given scale.
public struct SyntheticAccount: Sendable {
    /// The sizes at scale 1; every count grows linearly with the scale.
    public static let servicesPerScale = 1_000
    public static let subnetsPerScale = 200
    public static let securityGroupsPerScale = 5_000
    public static let aclEntriesPerScale = 500
    static let subnetsPerVPC = 50
    static let subnetsPerACL = 4

    public let facts: Facts
    /// What to ask the engine: every need of every service from each of its subnets.
    public let checks: [(need: NetworkNeed, placement: NetworkPlacement)]

    public init(scale: Int, region: String = "us-east-1") {
        var random = SplitMix(seed: UInt64(scale))
        let subnetCount = Self.subnetsPerScale * scale
        let vpcCount = (subnetCount + Self.subnetsPerVPC - 1) / Self.subnetsPerVPC
        var facts = Facts()
        facts.region = region
        facts.account = "111122223333"
        var vpcs: [VPC] = [], subnets: [Subnet] = [], tables: [RouteTable] = [], nats: [NATGateway] = []
        var gateways: [InternetGateway] = [], endpoints: [VPCEndpoint] = [], acls: [NetworkACL] = []
        var groups: [SecurityGroup] = []
        let s3List = "pl-0s3"
        for v in 0..<vpcCount {
            let vpcId = "vpc-\(v)"
            vpcs.append(VPC(vpcId: vpcId, cidrBlock: "10.\(v).0.0/16"))
            facts.vpcDNS[vpcId] = VPCDNSAttributes(enableDnsSupport: true, enableDnsHostnames: true)
            gateways.append(InternetGateway(internetGatewayId: "igw-\(v)", attachments: [.init(vpcId: vpcId, state: "available")]))
            nats.append(NATGateway(natGatewayId: "nat-\(v)", subnetId: "subnet-\(v)-0", vpcId: vpcId, state: "available",
                                   connectivityType: "public",
                                   natGatewayAddresses: [.init(publicIp: "203.0.113.\(v % 250)", privateIp: "10.\(v).0.10", allocationId: "eipalloc-\(v)")]))
            let endpointGroup = "sg-vpce-\(v)"
            groups.append(SecurityGroup(groupId: endpointGroup, groupName: endpointGroup, vpcId: vpcId,
                                        ipPermissions: [.init(ipProtocol: "tcp", fromPort: 443, toPort: 443,
                                                              ipRanges: [.init(cidrIp: "10.\(v).0.0/16")])],
                                        ipPermissionsEgress: []))
            for service in ["secretsmanager", "ecr.api", "ecr.dkr", "logs"] where random.next() % 4 != 0 {
                endpoints.append(VPCEndpoint(
                    vpcEndpointId: "vpce-\(v)-\(service)", vpcEndpointType: "Interface", vpcId: vpcId,
                    serviceName: "com.amazonaws.\(region).\(service)", state: "available",
                    subnetIds: ["subnet-\(v)-1", "subnet-\(v)-2"], groups: [.init(groupId: endpointGroup)],
                    privateDnsEnabled: true))
            }
            endpoints.append(VPCEndpoint(vpcEndpointId: "vpce-\(v)-s3", vpcEndpointType: "Gateway", vpcId: vpcId,
                                         serviceName: "com.amazonaws.\(region).s3", state: "available"))
        }
        for index in 0..<subnetCount {
            let v = index / Self.subnetsPerVPC, local = index % Self.subnetsPerVPC
            let subnetId = "subnet-\(v)-\(local)"
            subnets.append(Subnet(subnetId: subnetId, vpcId: "vpc-\(v)", cidrBlock: "10.\(v).\(local).0/24",
                                  availabilityZone: "\(region)\(["a", "b", "c"][local % 3])"))
            var routes = [RouteTable.Route(destinationCidrBlock: "10.\(v).0.0/16", gatewayId: "local")]
            switch local == 0 ? 0 : random.next() % 4 {
            case 0: routes.append(.init(destinationCidrBlock: "0.0.0.0/0", gatewayId: "igw-\(v)"))
            case 1, 2: routes.append(.init(destinationCidrBlock: "0.0.0.0/0", natGatewayId: "nat-\(v)"))
            default: break
            }
            if random.next() % 2 == 0 { routes.append(.init(destinationPrefixListId: s3List, gatewayId: "vpce-\(v)-s3")) }
            tables.append(RouteTable(routeTableId: "rtb-\(index)", vpcId: "vpc-\(v)",
                                     associations: [.init(main: false, subnetId: subnetId)], routes: routes))
        }
        let aclCount = (subnetCount + Self.subnetsPerACL - 1) / Self.subnetsPerACL
        let entriesPerACL = Self.aclEntriesPerScale * scale / aclCount
        for a in 0..<aclCount {
            let members = (a * Self.subnetsPerACL..<min(subnetCount, (a + 1) * Self.subnetsPerACL)).map { subnets[$0] }
            var entries: [NetworkACL.Entry] = []
            for e in 0..<max(entriesPerACL - 4, 0) {
                // Narrow rules first (deny some port to some range), then the broad allows.
                entries.append(.init(ruleNumber: 10 + e, protocol: "6", ruleAction: e % 3 == 0 ? "deny" : "allow",
                                     egress: e % 2 == 0, cidrBlock: "192.168.\(e % 256).0/24",
                                     portRange: .init(from: 1000 + e, to: 1000 + e)))
            }
            for egress in [true, false] {
                entries.append(.init(ruleNumber: 100, protocol: "-1", ruleAction: "allow", egress: egress, cidrBlock: "0.0.0.0/0"))
                entries.append(.init(ruleNumber: 32767, protocol: "-1", ruleAction: "deny", egress: egress, cidrBlock: "0.0.0.0/0"))
            }
            acls.append(NetworkACL(networkAclId: "acl-\(a)", vpcId: members.first?.vpcId, isDefault: false, entries: entries,
                                   associations: members.map { .init(subnetId: $0.subnetId) }))
        }
        let groupCount = Self.securityGroupsPerScale * scale
        for g in 0..<groupCount {
            let v = g % vpcCount
            let peers = (0..<2).map { _ in "sg-\(Int(random.next() % UInt64(groupCount)))" }
            let egress: [SecurityGroup.Permission] = g % 10 == 0
                ? [.init(ipProtocol: "tcp", fromPort: 5432, toPort: 5432, ipRanges: [.init(cidrIp: "10.\(v).0.0/16")])]
                : [.init(ipProtocol: "-1", ipRanges: [.init(cidrIp: "0.0.0.0/0")])]
            groups.append(SecurityGroup(groupId: "sg-\(g)", groupName: "sg-\(g)", vpcId: "vpc-\(v)",
                                        ipPermissions: [.init(ipProtocol: "tcp", fromPort: 5432, toPort: 5432,
                                                              userIdGroupPairs: peers.map { .init(groupId: $0) })],
                                        ipPermissionsEgress: egress))
        }
        facts.vpcs = vpcs
        facts.subnets = subnets
        facts.routeTables = tables
        facts.natGateways = nats
        facts.internetGateways = gateways
        facts.vpcEndpoints = endpoints
        facts.networkACLs = acls
        facts.securityGroups = groups
        facts.networkInterfaces = []
        facts.prefixLists = [PrefixList(prefixListId: s3List, prefixListName: "com.amazonaws.\(region).s3",
                                        cidrs: ["52.216.0.0/15", "54.231.0.0/16"])]
        facts.dhcpOptions = []

        var checks: [(need: NetworkNeed, placement: NetworkPlacement)] = []
        for s in 0..<(Self.servicesPerScale * scale) {
            let v = s % vpcCount
            let first = Int(random.next() % UInt64(Self.subnetsPerVPC))
            let taskGroups = (0..<3).map { _ in "sg-\(Int(random.next() % UInt64(groupCount / vpcCount)) * vpcCount + v)" }
            let database = DatabaseTarget(identifier: "db-\(s)", arn: nil, endpoint: nil, port: 5432,
                                          securityGroupIds: ["sg-\(Int(random.next() % UInt64(groupCount / vpcCount)) * vpcCount + v)"],
                                          subnetIds: ["subnet-\(v)-3", "subnet-\(v)-4"], discoveredBy: "synthetic")
            let needs = ["secretsmanager", "ecr.api", "ecr.dkr", "s3", "logs"]
                .map { NetworkNeed(.awsService(name: $0, region: region), reasons: ["service \(s)"]) }
                + [NetworkNeed(.database(database), reasons: ["service \(s)"])]
            for local in [first, (first + 1) % Self.subnetsPerVPC] {
                let placement = NetworkPlacement(subnetId: "subnet-\(v)-\(local)", securityGroupIds: taskGroups,
                                                 hasPublicIP: s % 2 == 0, source: "synthetic service \(s)")
                checks += needs.map { (need: $0, placement: placement) }
            }
        }
        self.facts = facts
        self.checks = checks
    }

    /// A small, fast, seedable generator (SplitMix64), so the account is the same on every run.
    struct SplitMix {
        var state: UInt64

        init(seed: UInt64) { state = seed &* 0x9E37_79B9_7F4A_7C15 }

        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }
}
