@testable import ECSMedic
import Testing

/// Network ACL fixes: an allow entry numbered before the entry that denies, for the direction that is denied, with
/// the return traffic range of the client (AWS VPC User Guide, "Control subnet traffic with network ACLs": rules
/// are evaluated from the lowest number; ephemeral ports 32768-60999 for Linux, 1024-65535 recommended).
@Suite struct NetworkACLFixTests {
    static func fix(_ fixture: String, rule: String, id: String) throws -> Fix {
        let diagnosis = try #require(FixtureFixes.all.first { $0.fixture == fixture })
        let finding = try #require(diagnosis.result.findings.first { $0.rule == rule })
        return try #require(finding.fixes.first { $0.id == id })
    }

    /// Outbound rule 90 denies TCP 443 to 0.0.0.0/0; the inbound rule 110 already admits 1024-65535 back.
    @Test func aDenyOnHTTPSGetsAnAllowNumberedRightBeforeIt() throws {
        let fix = try Self.fix("net-nacl-deny-443", rule: "nacl-blocks", id: "allow-nacl-traffic")
        #expect(fix.changes.dropLast() == [.networkACLEntry(aclId: "acl-08cf07953e09ad7fa", ruleNumber: 89, egress: true,
                                                             fromPort: 443, toPort: 443, cidr: "0.0.0.0/0")])
        #expect(fix.verified == true)
        let cli = try #require(fix.awsCli)
        #expect(cli.contains("aws ec2 create-network-acl-entry --region ap-northeast-2 --network-acl-id acl-08cf07953e09ad7fa --rule-number 89 --egress"))
        #expect(cli.contains("--protocol tcp --port-range From=443,To=443 --cidr-block 0.0.0.0/0 --rule-action allow"))
        #expect(fix.terraform?.contains("resource \"aws_network_acl_rule\"") == true)
        #expect(fix.cloudformation?.contains("Type: AWS::EC2::NetworkAclEntry") == true)
    }

    /// Only 49152-65535 comes back in; a Linux task's replies arrive on 32768-60999 and hit the final `*` entry
    /// (32767): the allow goes after the highest entry (110), in a step of 10, and admits 1024-65535, which covers
    /// the Linux range and is what AWS recommends.
    @Test func theReturnTrafficOfALinuxTaskIsAdmittedOnTheRecommendedRange() throws {
        let fix = try Self.fix("net-nacl-ephemeral-windows", rule: "nacl-blocks", id: "allow-nacl-traffic")
        #expect(fix.changes.dropLast() == [.networkACLEntry(aclId: "acl-08cf07953e09ad7fa", ruleNumber: 120, egress: false,
                                                             fromPort: 1024, toPort: 65535, cidr: "0.0.0.0/0")])
        #expect(fix.verified == true)
    }

    @Test func aNarrowEphemeralRangeIsWidenedToWhatAWSRecommendsWithoutARestart() throws {
        let fix = try Self.fix("net-nacl-ephemeral-linux", rule: "nacl-ephemeral-narrow", id: "widen-nacl-ephemeral")
        #expect(fix.changes == [.networkACLEntry(aclId: "acl-08cf07953e09ad7fa", ruleNumber: 120, egress: false,
                                                 fromPort: 1024, toPort: 65535, cidr: "0.0.0.0/0")])
        #expect(fix.verified == true)
    }

    @Test func ruleNumbersStayBelowTheDenyAndAvoidTakenNumbers() {
        #expect(NetworkACLFixBuilder.ruleNumber(before: 90, taken: [89, 100]) == 88)
        #expect(NetworkACLFixBuilder.ruleNumber(before: 1, taken: []) == nil)
        #expect(NetworkACLFixBuilder.ruleNumber(before: nil, taken: [100, 105, 32767]) == 110)
        #expect(NetworkACLFixBuilder.ruleNumber(before: nil, taken: [32767]) == 100)
        #expect(NetworkACLFixBuilder.ruleNumber(before: 32767, taken: [100, 110, 32767]) == 120)
    }

    /// Two findings that each chose the number below the same deny get different numbers once merged.
    @Test func entriesOfDifferentFindingsAreNumberedApart() {
        let https = FixChange.networkACLEntry(aclId: "acl-1", ruleNumber: 89, egress: true, fromPort: 443, toPort: 443, cidr: "0.0.0.0/0")
        let postgres = FixChange.networkACLEntry(aclId: "acl-1", ruleNumber: 89, egress: true, fromPort: 5432, toPort: 5432, cidr: "10.0.2.0/24")
        let merged = FixPlanner.merge([https, postgres, https])
        #expect(merged == [https, .networkACLEntry(aclId: "acl-1", ruleNumber: 88, egress: true, fromPort: 5432, toPort: 5432, cidr: "10.0.2.0/24")])
        let existing = NetworkACL(networkAclId: "acl-1", entries: [
            NetworkACL.Entry(ruleNumber: 88, protocol: "-1", ruleAction: "allow", egress: true, cidrBlock: "10.9.0.0/16"),
        ])
        let renumbered = FixPlanner.merge([https, postgres], acls: [existing])
        #expect(renumbered.last == .networkACLEntry(aclId: "acl-1", ruleNumber: 87, egress: true, fromPort: 5432, toPort: 5432, cidr: "10.0.2.0/24"))
    }

    /// The NAT gateway's subnet sees the tasks' requests arrive from their own subnets: a deny of inbound 443 there
    /// is fixed by entries naming each task subnet's range (a task's address changes with every task), before it.
    @Test func aDenyInTheNATGatewaysSubnetAdmitsTheTaskSubnets() throws {
        var facts = try FixtureLibrary.facts("seed-nat")
        let index = try #require(facts.networkACLs?.firstIndex { $0.networkAclId == "acl-01f27493b2b2583d2" })
        facts.networkACLs?[index].entries?.append(NetworkACL.Entry(ruleNumber: 90, protocol: "6", ruleAction: "deny", egress: false,
                                                                   cidrBlock: "0.0.0.0/0", portRange: .init(from: 443, to: 443)))
        let result = try Diagnoser(rules: try RuleSet.load().rules).diagnose(facts, selecting: TargetSelector())
        let finding = try #require(result.findings.first { $0.rule == "nacl-blocks" })
        let fix = try #require(finding.fixes.first { $0.id == "allow-nacl-traffic" })
        let entries = fix.changes.compactMap { change -> String? in
            guard case .networkACLEntry(let acl, let number, let egress, let from, let to, let cidr) = change else { return nil }
            return "\(acl) \(number) \(egress ? "out" : "in") \(from)-\(to) \(cidr)"
        }
        #expect(Set(entries) == ["acl-01f27493b2b2583d2 89 in 443-443 10.0.1.0/24", "acl-01f27493b2b2583d2 88 in 443-443 10.0.2.0/24"]
                || Set(entries) == ["acl-01f27493b2b2583d2 88 in 443-443 10.0.1.0/24", "acl-01f27493b2b2583d2 89 in 443-443 10.0.2.0/24"],
                "\(entries)")
        #expect(fix.verified == true)
    }
}

/// A deployment spread over two AZs whose per-AZ network ACLs drop return traffic from the VPC's other subnets:
/// private DNS answers with the endpoints' addresses in both subnets and the Aurora writer may sit in either, so a
/// task in either AZ connects across. The verification checks every subnet of the service against every address
/// the destination can have, and the fix admits 1024-65535 from the destinations' subnets, not /32s.
@Suite struct MultiAZNetworkACLFixTests {
    static let privateA = "subnet-0005039e61f3e3106"   // 10.0.1.0/24, ap-northeast-2a
    static let privateC = "subnet-0458178dab6fb4b9a"   // 10.0.2.0/24, ap-northeast-2c

    /// seed-healthy with acl-0a (private-a) and acl-0c (private-c): own subnet all, no ephemeral return traffic from
    /// the rest of 10.0.0.0/16, everything else from anywhere; outbound all.
    static func facts() throws -> Facts {
        var facts = try FixtureLibrary.facts("seed-healthy")
        func acl(_ id: String, subnet: String, cidr: String) -> NetworkACL {
            NetworkACL(networkAclId: id, vpcId: facts.networkACLs?.first?.vpcId, isDefault: false, entries: [
                .init(ruleNumber: 100, protocol: "-1", ruleAction: "allow", egress: false, cidrBlock: cidr),
                .init(ruleNumber: 110, protocol: "6", ruleAction: "deny", egress: false, cidrBlock: "10.0.0.0/16",
                      portRange: .init(from: 1024, to: 65535)),
                .init(ruleNumber: 120, protocol: "-1", ruleAction: "allow", egress: false, cidrBlock: "0.0.0.0/0"),
                .init(ruleNumber: 32767, protocol: "-1", ruleAction: "deny", egress: false, cidrBlock: "0.0.0.0/0"),
                .init(ruleNumber: 100, protocol: "-1", ruleAction: "allow", egress: true, cidrBlock: "0.0.0.0/0"),
                .init(ruleNumber: 32767, protocol: "-1", ruleAction: "deny", egress: true, cidrBlock: "0.0.0.0/0"),
            ], associations: [.init(subnetId: subnet)])
        }
        var acls = try #require(facts.networkACLs)
        acls[0].associations = acls[0].associations?.filter { ![privateA, privateC].contains($0.subnetId) }
        facts.networkACLs = acls + [acl("acl-0a0a0a0a0a0a0a0a0", subnet: privateA, cidr: "10.0.1.0/24"),
                                    acl("acl-0c0c0c0c0c0c0c0c0", subnet: privateC, cidr: "10.0.2.0/24")]
        return facts
    }

    static func entries(_ changes: [FixChange]) -> Set<String> {
        Set(changes.compactMap { change -> String? in
            guard case .networkACLEntry(let acl, let number, let egress, let from, let to, let cidr) = change else { return nil }
            return "\(acl) \(number) \(egress ? "out" : "in") \(from)-\(to) \(cidr)"
        })
    }

    @Test func theEndpointAddressesInTheOtherAZAreCheckedFromEverySubnetOfTheService() throws {
        let result = try Diagnoser(rules: try RuleSet.load().rules).diagnose(try Self.facts(), selecting: TargetSelector())
        for subnet in [Self.privateA, Self.privateC] {
            let verdict = try #require(result.verdicts.first { $0.need.name == "secretsmanager" && $0.subnetId == subnet })
            #expect(verdict.outcome == .blocked, "\(subnet): \(verdict.hops.map(\.detail))")
            #expect(verdict.decidingHop?.resource == (subnet == Self.privateA ? "acl-0a0a0a0a0a0a0a0a0" : "acl-0c0c0c0c0c0c0c0c0"))
        }
        #expect(result.findings.contains { $0.rule == "nacl-blocks" })
    }

    @Test func theFixAdmitsTheEphemeralRangeFromTheOtherSubnetsAndIsVerified() throws {
        let facts = try Self.facts()
        let diagnoser = Diagnoser(rules: try RuleSet.load().rules)
        let result = try diagnoser.diagnose(facts, selecting: TargetSelector())
        let plan = FixPlanner(diagnoser: diagnoser).plan(for: result, facts: facts, selector: TargetSelector())
        #expect(Self.entries(plan.changes) == ["acl-0a0a0a0a0a0a0a0a0 109 in 1024-65535 10.0.2.0/24",
                                               "acl-0c0c0c0c0c0c0c0c0 109 in 1024-65535 10.0.1.0/24"])
        #expect(plan.verified)
        let after = try diagnoser.diagnose(FactPatch(changes: plan.changes).applied(to: facts), selecting: TargetSelector())
        #expect(after.findings.filter { $0.rule.hasPrefix("nacl-") }.isEmpty, "\(after.findings.map(\.message))")
        #expect(after.verdicts.allSatisfy { $0.outcome == .reachable }, "\(after.verdicts.filter { $0.outcome != .reachable }.map(\.origin))")
    }

    /// What the fix wrote before: the return traffic admitted only from the endpoints' addresses (/32s). The
    /// re-diagnosis no longer calls that verified, since the database and the other endpoints stay cut off.
    @Test func admittingOnlyTheEndpointsAddressesIsNotVerified() throws {
        let facts = try Self.facts()
        let diagnoser = Diagnoser(rules: try RuleSet.load().rules)
        let result = try diagnoser.diagnose(facts, selecting: TargetSelector())
        let secretsManager = try #require(facts.vpcEndpoints?.first { $0.serviceName?.hasSuffix(".secretsmanager") == true })
        let addresses = (secretsManager.networkInterfaceIds ?? []).compactMap { id in
            facts.networkInterfaces?.first { $0.networkInterfaceId == id }?.privateIpAddress
        }
        #expect(addresses.count == 2)
        let partial = addresses.enumerated().flatMap { offset, address in
            ["acl-0a0a0a0a0a0a0a0a0", "acl-0c0c0c0c0c0c0c0c0"].map {
                FixChange.networkACLEntry(aclId: $0, ruleNumber: 105 + offset, egress: false, fromPort: 1024, toPort: 65535,
                                          cidr: address + "/32")
            }
        }
        let verifier = FixVerifier(rediagnose: { try diagnoser.diagnose($0, selecting: TargetSelector(), verifyingFixes: false) },
                                   facts: facts, before: Set(result.findings.map(\.fingerprint)))
        let nacl = Set(result.findings.filter { $0.rule == "nacl-blocks" }.map(\.fingerprint))
        #expect(!nacl.isEmpty)
        #expect(!verifier.proves(partial, resolving: nacl))
    }
}
