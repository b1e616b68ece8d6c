@testable import ECSMedic
import Testing

/// One modelled behaviour per test, each on a seed or net-* fixture changed in memory, with its near miss: the
/// same facts with the one difference that decides.
@Suite struct ReachabilityPrecisionTests {
    static func diagnose(_ facts: Facts) throws -> DiagnosisResult {
        try Diagnoser(rules: try RuleSet.load().rules).diagnose(facts, selecting: TargetSelector())
    }

    static func verdict(_ result: DiagnosisResult, _ need: String) throws -> PathVerdict {
        try #require(result.verdicts.first { $0.need.name == need })
    }

    static let privateA = "subnet-0005039e61f3e3106"
    static let privateC = "subnet-0458178dab6fb4b9a"
    static let publicA = "subnet-0c6ac9b1d2bc1a515"

    static func entry(_ number: Int, _ action: String, egress: Bool, _ cidr: String, ports: ClosedRange<Int>? = nil) -> NetworkACL.Entry {
        NetworkACL.Entry(ruleNumber: number, protocol: ports == nil ? "-1" : "6", ruleAction: action, egress: egress,
                         cidrBlock: cidr, portRange: ports.map { .init(from: $0.lowerBound, to: $0.upperBound) })
    }

    /// Puts a custom ACL in front of the subnets' current ones.
    static func withACL(_ facts: Facts, on subnets: [String], _ entries: [NetworkACL.Entry]) -> Facts {
        var facts = facts
        let acl = NetworkACL(networkAclId: "acl-0c0ffee0c0ffee000", vpcId: facts.vpcs?.first?.vpcId, isDefault: false,
                             entries: entries + [entry(32767, "deny", egress: true, "0.0.0.0/0"),
                                                 entry(32767, "deny", egress: false, "0.0.0.0/0")],
                             associations: subnets.map { NetworkACL.Association(subnetId: $0) })
        facts.networkACLs = [acl] + (facts.networkACLs ?? [])
        return facts
    }

    // MARK: Network ACLs

    @Test func networkACLsDoNotFilterTrafficInsideOneSubnet() throws {
        let denyHTTPS = [Self.entry(90, "deny", egress: true, "0.0.0.0/0", ports: 443...443),
                         Self.entry(100, "allow", egress: true, "0.0.0.0/0"), Self.entry(100, "allow", egress: false, "0.0.0.0/0")]
        // Each endpoint has its only ENI in the task's subnet (private DNS answers with nothing else): the ACL of
        // that subnet is never crossed, though it denies HTTPS.
        var seed = try FixtureLibrary.facts("seed-healthy")
        let interfaces = seed.networkInterfaces ?? []
        seed.vpcEndpoints = seed.vpcEndpoints?.map { endpoint in
            var copy = endpoint
            guard copy.isInterface else { return copy }
            copy.subnetIds = [Self.privateA]
            copy.networkInterfaceIds = copy.networkInterfaceIds?.filter { id in
                interfaces.first { $0.networkInterfaceId == id }?.subnetId == Self.privateA
            }
            return copy
        }
        let facts = Self.withACL(seed, on: [Self.privateA], denyHTTPS)
        let inSubnet = try #require(try Self.diagnose(facts).verdicts.first { $0.need.name == "secretsmanager" && $0.subnetId == Self.privateA })
        #expect(inSubnet.outcome == .reachable)
        #expect(!inSubnet.hops.contains { $0.kind == .networkACL && $0.resource == "acl-0c0ffee0c0ffee000" })
        // Near miss: the endpoints live only in the public subnets, so HTTPS leaves the task's subnet.
        var moved = facts
        moved.vpcEndpoints = moved.vpcEndpoints?.map { endpoint in
            var copy = endpoint
            if copy.isInterface { copy.subnetIds = [Self.publicA]; copy.networkInterfaceIds = [] }
            return copy
        }
        let verdict = try Self.verdict(try Self.diagnose(moved), "secretsmanager")
        #expect(verdict.outcome == .blocked)
        #expect(verdict.decidingHop?.kind == .networkACL)
        #expect(verdict.decidingHop?.detail.contains("outbound rule 90 denies tcp 443") == true)
    }

    @Test func returnTrafficIsCheckedOnTheEphemeralPortsOfTheTasksOS() throws {
        let facts = try FixtureLibrary.facts("net-nacl-ephemeral-windows")
        let linux = try Self.verdict(try Self.diagnose(facts), "secretsmanager")
        #expect(linux.outcome == .blocked)
        #expect(linux.decidingHop?.detail.contains("inbound rule 32767 denies tcp 32768-49151") == true)
        // Near miss: the same ACL in front of a Windows task (ephemeral ports 49152-65535).
        var windows = facts
        windows.taskDefinitions = windows.taskDefinitions?.map { definition in
            var copy = definition
            copy.runtimePlatform = .init(operatingSystemFamily: "WINDOWS_SERVER_2022_CORE", cpuArchitecture: "X86_64")
            return copy
        }
        #expect(try Self.verdict(try Self.diagnose(windows), "secretsmanager").outcome == .reachable)
    }

    @Test func aRangeNarrowerThanAWSRecommendsIsNotedNotBlocked() throws {
        let result = try Self.diagnose(try FixtureLibrary.facts("net-nacl-ephemeral-linux"))
        let verdict = try Self.verdict(result, "secretsmanager")
        #expect(verdict.outcome == .reachable)
        #expect(verdict.hops.contains { $0.detail.contains("narrower than the 1024-65535 AWS recommends") })
        #expect(result.findings.map(\.rule) == ["nacl-ephemeral-narrow"])
        #expect(result.findings.first?.severity == .warning)
    }

    @Test func theNATGatewaysSubnetACLIsCrossedTwice() throws {
        let seed = try FixtureLibrary.facts("seed-nat")
        let natSubnet = try #require(seed.natGateways?.first?.subnetId)
        let denyFromVPC = [Self.entry(50, "deny", egress: false, "10.0.0.0/16", ports: 443...443),
                           Self.entry(100, "allow", egress: false, "0.0.0.0/0"), Self.entry(100, "allow", egress: true, "0.0.0.0/0")]
        let verdict = try Self.verdict(try Self.diagnose(Self.withACL(seed, on: [natSubnet], denyFromVPC)), "secretsmanager")
        #expect(verdict.decidingHop?.resource == "acl-0c0ffee0c0ffee000")
        #expect(verdict.decidingHop?.detail.contains("inbound rule 50 denies tcp 443") == true)
        // Near miss: the same ACL denying port 80 instead.
        let denyHTTP = [Self.entry(50, "deny", egress: false, "10.0.0.0/16", ports: 80...80)] + denyFromVPC.dropFirst()
        #expect(try Self.verdict(try Self.diagnose(Self.withACL(seed, on: [natSubnet], denyHTTP)), "secretsmanager").outcome == .reachable)
    }

    // MARK: Routes and gateways

    @Test func aNATGatewayWithoutAnElasticIPBlocks() throws {
        var facts = try FixtureLibrary.facts("seed-nat")
        facts.natGateways = facts.natGateways?.map { var copy = $0; copy.natGatewayAddresses = []; return copy }
        let verdict = try Self.verdict(try Self.diagnose(facts), "secretsmanager")
        #expect(verdict.decidingHop?.kind == .natGateway)
        #expect(verdict.decidingHop?.detail.contains("no Elastic IP") == true)
    }

    @Test func aDetachedInternetGatewayBlocks() throws {
        let facts = try FixtureLibrary.facts("seed-public-subnet-public-ip")
        #expect(try Self.verdict(try Self.diagnose(facts), "secretsmanager").outcome == .reachable)
        var detached = facts
        detached.internetGateways = detached.internetGateways?.map { var copy = $0; copy.attachments = []; return copy }
        let verdict = try Self.verdict(try Self.diagnose(detached), "secretsmanager")
        #expect(verdict.decidingHop?.kind == .internetGateway)
    }

    @Test func aFirewallRouteBetweenSubnetsMakesTheDatabasePathUnverifiable() throws {
        let facts = try FixtureLibrary.facts("seed-healthy")
        #expect(try Self.verdict(try Self.diagnose(facts), "database").outcome == .reachable)
        var inspected = facts
        inspected.routeTables = inspected.routeTables?.map { table in
            guard table.associations?.contains(where: { $0.subnetId == Self.privateA }) == true else { return table }
            var copy = table
            var route = RouteTable.Route()
            route.destinationCidrBlock = "10.0.2.0/24"
            route.gatewayId = "vpce-0f1a2b3c4d5e6f708"
            copy.routes = (copy.routes ?? []) + [route]
            return copy
        }
        let result = try Self.diagnose(inspected)
        let database = try Self.verdict(result, "database")
        #expect(database.outcome == .unknown)
        #expect(database.decidingHop?.kind == .unverifiable)
        #expect(database.decidingHop?.resource == "vpce-0f1a2b3c4d5e6f708")
        // The endpoints answer in the task's own subnet, which the route does not touch.
        #expect(try Self.verdict(result, "secretsmanager").outcome == .reachable)
        #expect(result.findings.map(\.rule) == ["network-path-unverifiable"])
    }

    @Test func anEgressOnlyInternetGatewayCarriesOnlyIPv6() throws {
        var facts = try FixtureLibrary.facts("seed-no-secretsmanager-endpoint")
        facts.routeTables = facts.routeTables?.map { table in
            var copy = table
            var route = RouteTable.Route()
            route.destinationIpv6CidrBlock = "::/0"
            route.egressOnlyInternetGatewayId = "eigw-0a1b2c3d4e5f60718"
            copy.routes = (copy.routes ?? []) + [route]
            return copy
        }
        let verdict = try Self.verdict(try Self.diagnose(facts), "secretsmanager")
        #expect(verdict.outcome == .blocked)
        #expect(verdict.decidingHop?.kind == .route)
    }

    @Test func aRouteToAHubVPCMakesAMissingEndpointUnverifiable() throws {
        let facts = try FixtureLibrary.facts("seed-no-secretsmanager-endpoint")
        #expect(try Self.verdict(try Self.diagnose(facts), "secretsmanager").outcome == .blocked)
        let hub = facts.addingTransitGatewayRoute("10.100.0.0/16", "tgw-0a1b2c3d4e5f60718")
        let verdict = try Self.verdict(try Self.diagnose(hub), "secretsmanager")
        #expect(verdict.outcome == .unknown)
        #expect(verdict.decidingHop?.resource == "tgw-0a1b2c3d4e5f60718")
    }

    // MARK: Endpoints

    @Test func anEndpointThatIsNotAvailableBlocksAtTheEndpoint() throws {
        var facts = try FixtureLibrary.facts("seed-healthy")
        let endpoint = try #require(facts.vpcEndpoints?.first { $0.serviceName?.hasSuffix(".secretsmanager") == true })
        facts.vpcEndpoints = facts.vpcEndpoints?.map { candidate in
            var copy = candidate
            if copy.vpcEndpointId == endpoint.vpcEndpointId { copy.state = "pendingAcceptance" }
            return copy
        }
        let result = try Self.diagnose(facts)
        #expect(try Self.verdict(result, "secretsmanager").decidingHop?.kind == .endpoint)
        #expect(result.findings.contains { $0.rule == "secretsmanager-unreachable" && $0.resources.first == endpoint.vpcEndpointId })
    }

    @Test func aCustomerManagedPrefixListInARuleStandsForItsCIDRs() throws {
        var facts = try FixtureLibrary.facts("seed-endpoint-sg-no-443")
        let endpointGroup = try #require(facts.vpcEndpoints?.first { $0.isInterface }?.securityGroupIds.first)
        facts.securityGroups = facts.securityGroups?.map { group in
            guard group.groupId == endpointGroup else { return group }
            var copy = group
            copy.ipPermissions = [SecurityGroup.Permission(ipProtocol: "tcp", fromPort: 443, toPort: 443,
                                                           prefixListIds: [.init(prefixListId: "pl-0c0ffee0c0ffee000")])]
            return copy
        }
        facts.managedPrefixListEntries = ["pl-0c0ffee0c0ffee000": ["10.0.0.0/16"]]
        #expect(try Self.verdict(try Self.diagnose(facts), "secretsmanager").outcome == .reachable)
        facts.managedPrefixListEntries = ["pl-0c0ffee0c0ffee000": ["192.168.0.0/16"]]
        #expect(try Self.verdict(try Self.diagnose(facts), "secretsmanager").decidingHop?.kind == .endpointSecurityGroup)
    }

    // MARK: Needs

    @Test func platform130PullsFromECRWithoutTheAPIEndpoint() throws {
        var facts = try FixtureLibrary.facts("seed-healthy")
        facts.vpcEndpoints = facts.vpcEndpoints?.filter { $0.serviceName?.hasSuffix(".ecr.api") != true }
        #expect(try Self.diagnose(facts).findings.map(\.rule) == ["ecr-unreachable"])
        facts.tasks = facts.tasks?.map { var copy = $0; copy.platformVersion = "1.3.0"; return copy }
        let result = try Self.diagnose(facts)
        #expect(!result.verdicts.contains { $0.need.name == "ecr.api" })
        #expect(result.findings.isEmpty)
    }

    @Test func imagesOutsideECRNeedTheirRegistryHost() {
        #expect(NeedsAnalyzer.registryHost(of: "nginx:1.27") == "registry-1.docker.io")
        #expect(NeedsAnalyzer.registryHost(of: "library/nginx") == "registry-1.docker.io")
        #expect(NeedsAnalyzer.registryHost(of: "ghcr.io/acme/app:2") == "ghcr.io")
        #expect(NeedsAnalyzer.registryHost(of: "public.ecr.aws/nginx/nginx:1") == "public.ecr.aws")
        #expect(NeedsAnalyzer.registryHost(of: "localhost:5000/app") == "localhost:5000")
    }

    // MARK: Many subnets and load balancers

    @Test func aFindingSaysWhichSubnetsOfTheServiceAreAffected() throws {
        let result = try Self.diagnose(try FixtureLibrary.facts("net-one-of-two-subnets"))
        let finding = try #require(result.findings.first { $0.rule == "secretsmanager-unreachable" })
        #expect(finding.evidence.contains { $0.fact == "1 of 2 subnets affected: \(Self.privateC)" })
        #expect(try Self.verdict(result, "secretsmanager").subnetId == Self.privateA)
        #expect(result.verdicts.contains { $0.need.name == "secretsmanager" && $0.subnetId == Self.privateA && $0.outcome == .reachable })
    }

    @Test func aLoadBalancerWithoutSecurityGroupsIsAdmittedByItsSubnets() throws {
        var facts = try FixtureLibrary.facts("net-lb-health-check-blocked")
        facts.loadBalancers = facts.loadBalancers?.map { var copy = $0; copy.securityGroups = nil; return copy }
        let blocked = try Self.verdict(try Self.diagnose(facts), "load-balancer")
        #expect(blocked.decidingHop?.kind == .taskSecurityGroupIngress)
        let taskGroup = "sg-062550a747a39e5f3"
        facts.securityGroups = facts.securityGroups?.map { group in
            guard group.groupId == taskGroup else { return group }
            var copy = group
            copy.ipPermissions = [SecurityGroup.Permission(ipProtocol: "tcp", fromPort: 8080, toPort: 8080,
                                                           ipRanges: [.init(cidrIp: "10.0.0.0/16")])]
            return copy
        }
        #expect(try Self.verdict(try Self.diagnose(facts), "load-balancer").outcome == .reachable)
    }
}
