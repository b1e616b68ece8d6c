@testable import ECSMedic
import Testing

/// The reachability engine on the seed deployment with one fact changed in memory at a time.
@Suite struct ReachabilityEngineTests {
    static func diagnose(_ facts: Facts) throws -> DiagnosisResult {
        try Diagnoser(rules: try RuleSet.load().rules).diagnose(facts, selecting: TargetSelector())
    }

    static func secretsVerdict(_ result: DiagnosisResult) throws -> PathVerdict {
        try #require(result.verdicts.first { $0.need.name == "secretsmanager" })
    }

    @Test func throughAWorkingNATGatewaySecretsAreReachable() throws {
        let result = try Self.diagnose(try FixtureLibrary.facts("seed-nat"))
        let verdict = try Self.secretsVerdict(result)
        #expect(verdict.outcome == .reachable)
        // Task SG out; task subnet ACL out and back; route; NAT subnet ACL in/out towards the task and the internet.
        #expect(verdict.hops.map(\.kind) == [.endpoint, .taskSecurityGroupEgress, .networkACL, .networkACL, .route,
                                             .networkACL, .networkACL, .networkACL, .networkACL, .natGateway, .internetGateway])
        #expect(result.findings.isEmpty)
    }

    @Test func aNATGatewayThatIsNotAvailableBlocks() throws {
        var facts = try FixtureLibrary.facts("seed-nat")
        let nat = try #require(facts.natGateways?.first)
        facts.natGateways = [nat].map { var copy = $0; copy.state = "failed"; return copy }
        let result = try Self.diagnose(facts)
        #expect(try Self.secretsVerdict(result).decidingHop?.kind == .natGateway)
        #expect(result.findings.contains { $0.rule == "secretsmanager-unreachable" && $0.resources.first == nat.natGatewayId })
    }

    @Test func aPrivateNATGatewayDoesNotReachTheInternet() throws {
        var facts = try FixtureLibrary.facts("seed-nat")
        facts.natGateways = facts.natGateways?.map { var copy = $0; copy.connectivityType = "private"; return copy }
        #expect(try Self.secretsVerdict(try Self.diagnose(facts)).outcome == .blocked)
    }

    @Test func aNATGatewayWhoseSubnetHasNoInternetGatewayRouteBlocks() throws {
        var facts = try FixtureLibrary.facts("seed-nat")
        let natSubnet = try #require(facts.natGateways?.first?.subnetId)
        let publicTable = try #require(facts.routeTable(forSubnet: natSubnet))
        facts.routeTables = facts.routeTables?.map { table in
            guard table.routeTableId == publicTable.routeTableId else { return table }
            var copy = table
            copy.routes = copy.routes?.filter { $0.gatewayId?.hasPrefix("igw-") != true }
            return copy
        }
        let verdict = try Self.secretsVerdict(try Self.diagnose(facts))
        #expect(verdict.outcome == .blocked)
        #expect(verdict.decidingHop?.detail.contains("no route 0.0.0.0/0 to an internet gateway") == true)
    }

    @Test func aBlackholeDefaultRouteBlocksAtTheRouteTable() throws {
        var facts = try FixtureLibrary.facts("seed-nat")
        facts.routeTables = facts.routeTables?.map { table in
            var copy = table
            copy.routes = copy.routes?.map { route in
                var route = route
                if route.natGatewayId != nil { route.state = "blackhole" }
                return route
            }
            return copy
        }
        let verdict = try Self.secretsVerdict(try Self.diagnose(facts))
        #expect(verdict.decidingHop?.kind == .route)
        #expect(verdict.decidingHop?.detail.contains("blackhole") == true)
    }

    @Test func aTransitGatewayRouteIsUnknownNotUnreachable() throws {
        var facts = try FixtureLibrary.facts("seed-nat")
        facts.routeTables = facts.routeTables?.map { table in
            var copy = table
            copy.routes = copy.routes?.map { route in
                var route = route
                if route.natGatewayId != nil {
                    route.natGatewayId = nil
                    route.transitGatewayId = "tgw-0123456789abcdef0"
                }
                return route
            }
            return copy
        }
        let result = try Self.diagnose(facts)
        let verdict = try Self.secretsVerdict(result)
        #expect(verdict.outcome == .unknown)
        #expect(verdict.decidingHop?.kind == .unverifiable)
        // Not "unreachable": only the note that the path leaves what ecs-medic sees.
        #expect(result.findings.map(\.rule) == ["network-path-unverifiable"])
        #expect(result.findings.first?.severity == .note)
    }

    @Test func customDNSServersMakeTheEndpointPathUnknown() throws {
        var facts = try FixtureLibrary.facts("seed-healthy")
        let vpcId = try #require(facts.vpcs?.first?.vpcId)
        facts.vpcs = facts.vpcs?.map { var copy = $0; copy.dhcpOptionsId = "dopt-custom"; return copy }
        let options = DHCPOptionsFixture.custom(id: "dopt-custom", servers: ["10.0.0.53"])
        facts.dhcpOptions = [options]
        let result = try Self.diagnose(facts)
        #expect(try Self.secretsVerdict(result).outcome == .unknown)
        #expect(result.findings.map(\.rule) == ["network-path-unverifiable"])
        #expect(try Self.secretsVerdict(result).decidingHop?.resource == vpcId)
    }

    @Test func withoutTheExplicitAssociationTheMainRouteTableApplies() throws {
        var facts = try FixtureLibrary.facts("seed-no-secretsmanager-endpoint")
        let subnetId = try #require(try Self.diagnose(facts).verdicts.first?.subnetId)
        facts.routeTables = facts.routeTables?.map { table in
            var copy = table
            copy.associations = copy.associations?.filter { $0.subnetId != subnetId }
            return copy
        }
        let main = try #require(facts.routeTables?.first { $0.isMain })
        #expect(facts.routeTable(forSubnet: subnetId)?.routeTableId == main.routeTableId)
    }

    @Test func anEndpointSecurityGroupReferencingTheTaskGroupAdmitsIt() throws {
        var facts = try FixtureLibrary.facts("seed-endpoint-sg-no-443")
        let result = try Self.diagnose(facts)
        let endpointGroup = try #require(result.findings.first { $0.rule == "endpoint-sg-blocks-https" }?.resources.first)
        let taskGroup = try #require(result.verdicts.first?.hops.first { $0.kind == .taskSecurityGroupEgress }?.resource)
        facts.securityGroups = facts.securityGroups?.map { group in
            guard group.groupId == endpointGroup else { return group }
            var copy = group
            copy.ipPermissions = [SecurityGroupFixture.tcp(443, fromGroup: taskGroup)]
            return copy
        }
        let fixed = try Self.diagnose(facts)
        #expect(try Self.secretsVerdict(fixed).outcome == .reachable)
        #expect(fixed.findings.isEmpty)
    }

    @Test func withoutTheEndpointsCallTheVerdictIsUnknownAndUnverified() throws {
        var facts = try FixtureLibrary.facts("seed-healthy")
        facts.vpcEndpoints = nil
        let result = try Self.diagnose(facts)
        #expect(try Self.secretsVerdict(result).outcome == .unknown)
        #expect(result.findings.isEmpty)
        #expect(result.unverified.contains { $0.permission == "ec2:DescribeVpcEndpoints" })
    }

    @Test func aServiceWithoutTasksIsCheckedInEverySubnet() throws {
        var facts = try FixtureLibrary.facts("seed-no-secretsmanager-endpoint")
        facts.tasks = []
        let result = try Self.diagnose(facts)
        let finding = try #require(result.findings.first { $0.rule == "secretsmanager-unreachable" })
        #expect(Set(result.verdicts.map(\.subnetId)).count == 2)
        #expect(finding.message.contains(","), "both private subnets are named: \(finding.message)")
        #expect(finding.evidence.contains { $0.fact.hasPrefix("2 of 2 subnets affected") })
    }
}

/// Small builders for facts that the fixtures do not hold.
enum DHCPOptionsFixture {
    static func custom(id: String, servers: [String]) -> DHCPOptions {
        let json = """
        {"DhcpOptionsId": "\(id)", "DhcpConfigurations": [{"Key": "domain-name-servers",
          "Values": [\(servers.map { "{\"Value\": \"\($0)\"}" }.joined(separator: ","))]}]}
        """
        return try! FactsTestDecoding.decode(json)
    }
}

enum SecurityGroupFixture {
    static func tcp(_ port: Int, fromGroup group: String) -> SecurityGroup.Permission {
        let json = """
        {"IpProtocol": "tcp", "FromPort": \(port), "ToPort": \(port), "IpRanges": [], "UserIdGroupPairs": [{"GroupId": "\(group)", "UserId": "111122223333"}]}
        """
        return try! FactsTestDecoding.decode(json)
    }
}
