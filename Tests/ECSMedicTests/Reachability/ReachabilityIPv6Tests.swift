@testable import ECSMedic
import Testing

/// IPv6 paths, each on `seed-nat` turned into the IPv6-only layout AWS documents for ECS (an IPv6 block on the VPC,
/// IPv6-only private subnets, the local IPv6 route, the default network ACL's IPv6 rules 101), with its near miss.
@Suite struct ReachabilityIPv6Tests {
    static let privateA = ReachabilityPrecisionTests.privateA
    static let privateC = ReachabilityPrecisionTests.privateC
    static let vpcIPv6 = "2600:1f18:1234:5600::/56"
    static let subnetIPv6 = [
        privateA: "2600:1f18:1234:5601::/64", privateC: "2600:1f18:1234:5602::/64",
        "subnet-0c6ac9b1d2bc1a515": "2600:1f18:1234:5603::/64", "subnet-0419fbf0141286668": "2600:1f18:1234:5604::/64",
    ]
    static let taskGroup = "sg-062550a747a39e5f3"
    static let nat = "nat-0f0417380bed7960f"
    static let eigw = "eigw-0a1b2c3d4e5f60718"

    static func route(_ destination: String, eigw: String? = nil, nat: String? = nil, local: Bool = false) -> RouteTable.Route {
        var route = RouteTable.Route()
        route.destinationIpv6CidrBlock = destination
        route.egressOnlyInternetGatewayId = eigw
        route.natGatewayId = nat
        route.gatewayId = local ? "local" : nil
        route.state = "active"
        return route
    }

    static func ipv6Entry(_ number: Int, _ action: String, egress: Bool, _ cidr: String,
                          ports: ClosedRange<Int>? = nil) -> NetworkACL.Entry {
        var entry = ReachabilityPrecisionTests.entry(number, action, egress: egress, "", ports: ports)
        entry.cidrBlock = nil
        entry.ipv6CidrBlock = cidr
        return entry
    }

    /// `seed-nat` with IPv6: private subnets IPv6-only (`routes` added to their table, DNS64 as given), public subnets
    /// dual-stack, the task's group allowing all traffic to `::/0` when `taskEgressIPv6`.
    static func ipv6Only(routes: [RouteTable.Route] = [], dns64: Bool = false, taskEgressIPv6: Bool = true) throws -> Facts {
        var facts = try FixtureLibrary.facts("seed-nat")
        facts.vpcs = facts.vpcs?.map { vpc in
            var copy = vpc
            copy.ipv6CidrBlockAssociationSet = [.init(ipv6CidrBlock: vpcIPv6)]
            return copy
        }
        facts.subnets = facts.subnets?.map { subnet in
            var copy = subnet
            copy.ipv6CidrBlockAssociationSet = subnetIPv6[subnet.subnetId].map { [.init(ipv6CidrBlock: $0)] }
            if subnet.subnetId == privateA || subnet.subnetId == privateC {
                copy.cidrBlock = nil
                copy.ipv6Native = true
                copy.enableDns64 = dns64
            }
            return copy
        }
        facts.routeTables = facts.routeTables?.map { table in
            var copy = table
            copy.routes = (copy.routes ?? []) + [route(vpcIPv6, local: true)]
            if table.associations?.contains(where: { $0.subnetId == privateA }) == true {
                copy.routes = (copy.routes ?? []) + routes
            }
            return copy
        }
        facts.networkACLs = facts.networkACLs?.map { acl in
            var copy = acl
            copy.entries = (copy.entries ?? []) + [ipv6Entry(101, "allow", egress: true, "::/0"),
                                                   ipv6Entry(101, "allow", egress: false, "::/0"),
                                                   ipv6Entry(32768, "deny", egress: true, "::/0"),
                                                   ipv6Entry(32768, "deny", egress: false, "::/0")]
            return copy
        }
        if taskEgressIPv6 {
            facts.securityGroups = facts.securityGroups?.map { group in
                guard group.groupId == taskGroup else { return group }
                var copy = group
                copy.ipPermissionsEgress = copy.ipPermissionsEgress?.map { rule in
                    var rule = rule
                    rule.ipv6Ranges = [.init(cidrIpv6: "::/0")]
                    return rule
                }
                return copy
            }
        }
        return facts
    }

    static func secretsManager(_ facts: Facts) throws -> PathVerdict {
        try ReachabilityPrecisionTests.verdict(try ReachabilityPrecisionTests.diagnose(facts), "secretsmanager")
    }

    // MARK: Routes

    @Test func anIPv6OnlyTaskWithNoWayOutIsBlockedAtTheRoute() throws {
        // The private table keeps 0.0.0.0/0 → NAT gateway, which IPv6 traffic never takes.
        let verdict = try Self.secretsManager(try Self.ipv6Only())
        #expect(verdict.outcome == .blocked)
        #expect(verdict.decidingHop?.kind == .route)
        #expect(verdict.decidingHop?.detail.contains("no route ::/0 to an egress-only or internet gateway") == true)
        // Near miss: ::/0 → egress-only internet gateway opens the way to names with IPv6 addresses; names with only
        // IPv4 addresses still need NAT64, so the verdict is unverifiable, not blocked.
        let viaEIGW = try Self.secretsManager(try Self.ipv6Only(routes: [Self.route("::/0", eigw: Self.eigw)]))
        #expect(viaEIGW.outcome == .unknown)
        #expect(viaEIGW.decidingHop?.kind == .unverifiable)
        #expect(viaEIGW.hops.contains { $0.kind == .internetGateway && $0.resource == Self.eigw && $0.passes == true })
    }

    @Test func aNATRouteIsNotOfferedAsTheFixForAnIPv6OnlySubnet() throws {
        // seed-nat's NAT gateway is there, but IPv6 traffic never takes 0.0.0.0/0.
        let ipv6 = try ReachabilityPrecisionTests.diagnose(try Self.ipv6Only())
        let finding = try #require(ipv6.findings.first { $0.rule == "secretsmanager-unreachable" })
        #expect(!finding.fixes.map(\.id).contains("route-through-nat"))
        // Near miss: the same VPC over IPv4 with the private table's default route removed is offered the NAT route.
        var ipv4 = try FixtureLibrary.facts("seed-nat")
        ipv4.routeTables = ipv4.routeTables?.map { table in
            var copy = table
            copy.routes = copy.routes?.filter { $0.natGatewayId == nil }
            return copy
        }
        let blocked = try ReachabilityPrecisionTests.diagnose(ipv4)
        let ipv4Finding = try #require(blocked.findings.first { $0.rule == "secretsmanager-unreachable" })
        #expect(ipv4Finding.fixes.map(\.id).contains("route-through-nat"))
    }

    @Test func bothWaysOutMakeAnIPv6OnlyTaskReachAnyName() throws {
        let both = [Self.route("::/0", eigw: Self.eigw), Self.route("64:ff9b::/96", nat: Self.nat)]
        let verdict = try Self.secretsManager(try Self.ipv6Only(routes: both, dns64: true))
        #expect(verdict.outcome == .reachable)
        #expect(verdict.hops.contains { $0.kind == .internetGateway && $0.resource == Self.eigw })
        // Near miss: the NAT64 route without DNS64 is never used (names keep their IPv4 addresses only).
        let noDNS64 = try Self.secretsManager(try Self.ipv6Only(routes: both, dns64: false))
        #expect(noDNS64.outcome == .unknown)
    }

    @Test func nat64AloneReachesIPv4OnlyNamesAndNeedsTheNATGateway() throws {
        let nat64 = [Self.route("64:ff9b::/96", nat: Self.nat)]
        let verdict = try Self.secretsManager(try Self.ipv6Only(routes: nat64, dns64: true))
        #expect(verdict.outcome == .unknown)
        #expect(verdict.hops.contains { $0.kind == .natGateway && $0.resource == Self.nat && $0.passes == true })
        // Near miss: the NAT gateway has no Elastic IP, the only way out is closed.
        var broken = try Self.ipv6Only(routes: nat64, dns64: true)
        broken.natGateways = broken.natGateways?.map { var copy = $0; copy.natGatewayAddresses = []; return copy }
        let blocked = try Self.secretsManager(broken)
        #expect(blocked.outcome == .blocked)
        #expect(blocked.decidingHop?.kind == .natGateway)
    }

    @Test func aDeletedEgressOnlyGatewayBlocks() throws {
        var route = Self.route("::/0", eigw: Self.eigw)
        route.state = "blackhole"
        let verdict = try Self.secretsManager(try Self.ipv6Only(routes: [route]))
        #expect(verdict.outcome == .blocked)
        #expect(verdict.decidingHop?.detail.contains("blackhole") == true)
    }

    // MARK: Security groups

    @Test func onlyAnIPv6RuleAdmitsAnIPv6OnlyTask() throws {
        let routes = [Self.route("::/0", eigw: Self.eigw)]
        let without = try Self.secretsManager(try Self.ipv6Only(routes: routes, taskEgressIPv6: false))
        #expect(without.outcome == .blocked)
        #expect(without.decidingHop?.kind == .taskSecurityGroupEgress)
        #expect(without.decidingHop?.detail.contains("the internet (::/0)") == true)
        // Near miss: the same group with Ipv6Ranges ::/0 lets it out.
        let with = try Self.secretsManager(try Self.ipv6Only(routes: routes))
        #expect(with.hops.contains { $0.kind == .taskSecurityGroupEgress && $0.passes == true })
    }

    @Test func anIPv6RuleDoesNotAdmitIPv4Traffic() throws {
        var facts = try FixtureLibrary.facts("seed-nat")
        #expect(try Self.secretsManager(facts).outcome == .reachable)
        facts.securityGroups = facts.securityGroups?.map { group in
            guard group.groupId == Self.taskGroup else { return group }
            var copy = group
            copy.ipPermissionsEgress = [SecurityGroup.Permission(ipProtocol: "-1", ipRanges: [],
                                                                 ipv6Ranges: [.init(cidrIpv6: "::/0")])]
            return copy
        }
        let verdict = try Self.secretsManager(facts)
        #expect(verdict.outcome == .blocked)
        #expect(verdict.decidingHop?.kind == .taskSecurityGroupEgress)
    }

    @Test func theDatabaseIsReachedAtItsSubnetsIPv6Ranges() throws {
        // The Aurora group admits the task's group: membership decides whatever the address family.
        let facts = try Self.ipv6Only()
        let verdict = try ReachabilityPrecisionTests.verdict(try ReachabilityPrecisionTests.diagnose(facts), "database")
        #expect(verdict.outcome == .reachable)
        // Near miss: the same database in subnets without IPv6 ranges answers over IPv4 only.
        var moved = facts
        moved.subnets = moved.subnets?.map { subnet in
            guard subnet.subnetId == Self.privateC else { return subnet }
            var copy = subnet
            copy.ipv6CidrBlockAssociationSet = []
            copy.ipv6Native = false
            copy.cidrBlock = "10.0.2.0/24"
            return copy
        }
        moved.dbInstances = moved.dbInstances?.map { instance in
            var copy = instance
            copy.dbSubnetGroup = .init(vpcId: nil, subnets: [.init(subnetIdentifier: Self.privateC)])
            return copy
        }
        let unknown = try ReachabilityPrecisionTests.verdict(try ReachabilityPrecisionTests.diagnose(moved), "database")
        #expect(unknown.outcome == .unknown)
        #expect(unknown.decidingHop?.kind == .unverifiable)
    }

    // MARK: Network ACLs

    @Test func anIPv6ACLEntryDeniesIPv6TrafficAndAnIPv4EntryDoesNot() throws {
        let routes = [Self.route("::/0", eigw: Self.eigw)]
        let denyIPv6 = try Self.withDefaultACLEgress(Self.ipv6Entry(90, "deny", egress: true, "::/0", ports: 443...443),
                                                     try Self.ipv6Only(routes: routes))
        let blocked = try Self.secretsManager(denyIPv6)
        #expect(blocked.outcome == .blocked)
        #expect(blocked.decidingHop?.kind == .networkACL)
        #expect(blocked.decidingHop?.detail.contains("outbound rule 90 denies tcp 443 to the internet (::/0)") == true)
        // Near miss: the same rule on 0.0.0.0/0 applies to IPv4 packets only.
        let denyIPv4 = try Self.withDefaultACLEgress(ReachabilityPrecisionTests.entry(90, "deny", egress: true, "0.0.0.0/0", ports: 443...443),
                                                     try Self.ipv6Only(routes: routes))
        let passes = try Self.secretsManager(denyIPv4)
        #expect(passes.decidingHop?.kind != .networkACL)
        #expect(passes.hops.contains { $0.kind == .networkACL && $0.passes == true })
    }

    static func withDefaultACLEgress(_ entry: NetworkACL.Entry, _ facts: Facts) throws -> Facts {
        var facts = facts
        facts.networkACLs = facts.networkACLs?.map { acl in
            var copy = acl
            copy.entries = [entry] + (copy.entries ?? [])
            return copy
        }
        return facts
    }
}
