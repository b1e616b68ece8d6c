@testable import ECSMedic
import Testing

/// A peer whose addresses were not collected (its VPC and subnets unverified): only 0.0.0.0/0 surely covers it,
/// any other range may or may not, so the path is unknown and the missing fact is named, never "blocked".
@Suite struct UncollectedAddressTests {
    static func facts(egressCIDR: String) -> Facts {
        var facts = Facts()
        facts.securityGroups = [SecurityGroup(
            groupId: "sg-task", groupName: "task", vpcId: "vpc-1", ipPermissions: [],
            ipPermissionsEgress: [SecurityGroup.Permission(ipProtocol: "tcp", fromPort: 5432, toPort: 5432,
                                                           ipRanges: [.init(cidrIp: egressCIDR)], ipv6Ranges: nil,
                                                           userIdGroupPairs: [], prefixListIds: nil)])]
        return facts
    }

    static let database = SecurityGroupEvaluator.Peer(addresses: [], groupIds: ["sg-db"], name: "the database")

    @Test func aVPCRangeRuleMayOrMayNotCoverIt() {
        let result = SecurityGroupEvaluator(facts: Self.facts(egressCIDR: "10.0.0.0/16"))
            .check(["sg-task"], .egress, port: 5432, peer: Self.database)
        #expect(result.passes == nil)
        #expect(result.missing?.permission == "ec2:DescribeVpcs")
    }

    @Test func theWholeAddressSpaceCoversIt() {
        let result = SecurityGroupEvaluator(facts: Self.facts(egressCIDR: "0.0.0.0/0"))
            .check(["sg-task"], .egress, port: 5432, peer: Self.database)
        #expect(result.passes == true)
    }

    @Test func aRuleForAnotherPortStillBlocksIt() {
        let result = SecurityGroupEvaluator(facts: Self.facts(egressCIDR: "10.0.0.0/16"))
            .check(["sg-task"], .egress, port: 443, peer: Self.database)
        #expect(result.passes == false)
    }

    @Test func aGroupThatWasNotDescribedIsAMissingFact() {
        let result = SecurityGroupEvaluator(facts: Facts())
            .check(["sg-gone"], .egress, port: 443, peer: Self.database)
        #expect(result.passes == nil)
        #expect(result.missing == UnverifiedFact(fact: "security group sg-gone", reason: "not collected",
                                                permission: "ec2:DescribeSecurityGroups"))
    }
}
