@testable import ECSMedic
import PropertyBased
import Testing

/// The network ACL and security group evaluators on IPv6 traffic against brute-force references, on random tables
/// that mix IPv4 and IPv6 entries: only IPv6 entries may decide, by a containment table written by hand (not
/// computed with `IPv6Range`).
@Suite struct ReachabilityIPv6PropertyTests {
    /// IPv6 entries' CIDRs and the two peer addresses; `covers[cidr][address]` says by hand which contains which.
    static let cidrs = ["::/0", "2600:1f18::/32", "2600:1f18:1234:5601::/64", "2600:1f18:1234:5601::7/128", "fd00::/8"]
    static let addresses = ["2600:1f18:1234:5601::7", "2a05:d018:16e5:e200::1"]
    static let covers: [[Bool]] = [
        [true, true],
        [true, false],
        [true, false],
        [true, false],
        [false, false],
    ]
    /// IPv4 entries in the same tables, which must never match an IPv6 packet.
    static let ipv4CIDRs = ["0.0.0.0/0", "10.0.0.0/8"]

    /// Entry codes: protocol, action, family and CIDR, a port range within 0-200; rule numbers permuted.
    static func entries(_ codes: [Int]) -> [NetworkACL.Entry] {
        codes.enumerated().map { index, code in
            let proto = ["-1", "6", "17"][code % 3]
            let from = (code / 12) % 200
            let to = min(from + (code / 2400) % 60, 200)
            let ipv6 = (code / 6) % 3 != 0
            let cidr = (code / 144_000) % 5
            return NetworkACL.Entry(
                ruleNumber: (index * 7919) % 1000 + 1, protocol: proto, ruleAction: (code / 3) % 2 == 0 ? "allow" : "deny",
                egress: true, cidrBlock: ipv6 ? nil : ipv4CIDRs[cidr % 2], ipv6CidrBlock: ipv6 ? cidrs[cidr] : nil,
                portRange: proto == "-1" ? nil : .init(from: from, to: to))
        }
    }

    static func reference(_ entries: [NetworkACL.Entry], address: Int, ports: ClosedRange<Int>) -> (passes: Bool, deniers: Set<Int>) {
        let ordered = entries.sorted { $0.ruleNumber < $1.ruleNumber }
        var deniers: Set<Int> = []
        var passes = true
        for port in ports {
            let decider = ordered.first { entry in
                let protocolMatches = entry.protocol == "-1" || (entry.protocol == "6"
                    && (entry.portRange?.from ?? 0) <= port && port <= (entry.portRange?.to ?? 65535))
                let cidr = entry.ipv6CidrBlock.flatMap { cidrs.firstIndex(of: $0) }
                return protocolMatches && cidr.map { covers[$0][address] } == true
            }
            if decider?.allows != true {
                passes = false
                if let decider { deniers.insert(decider.ruleNumber) }
            }
        }
        return (passes, deniers)
    }

    @Test func networkACLEvaluationOfIPv6AgreesWithPortByPortFirstMatch() async {
        await propertyCheck(count: 2000, input: Gen.int(in: 0...719_999).array(of: 0...16), Gen.int(in: 0...200),
                            Gen.int(in: 0...40), Gen.int(in: 0...1)) { codes, low, width, address in
            let entries = Self.entries(codes)
            let acl = NetworkACL(networkAclId: "acl-test", vpcId: "vpc-test", isDefault: false, entries: entries, associations: [])
            let ports = low...min(low + width, 200)
            guard let range = IPv6Range(Self.addresses[address]) else { return }
            var peer = NetworkACLEvaluator.Peer(name: "peer")
            peer.ipv6Addresses = [range]
            peer.isIPv6 = true
            let result = NetworkACLEvaluator.check(acl, egress: true, ports: ports, peer: peer)
            let reference = Self.reference(entries, address: address, ports: ports)
            #expect(result.passes == reference.passes)
            if let rule = result.denyingRule {
                #expect(reference.deniers.contains(rule))
            }
        }
    }

    static let groupPool = ["sg-a", "sg-b", "sg-c", "sg-d"]

    /// Rule codes: protocol, port range within 0-130, and an IPv6 CIDR, an IPv4 CIDR or a group reference.
    static func permission(_ code: Int) -> SecurityGroup.Permission {
        let proto = ["-1", "tcp", "udp"][code % 3]
        let from = (code / 3) % 100
        let to = from + (code / 300) % 30
        let kind = (code / 9000) % 3
        let source = (code / 27000) % 5
        return SecurityGroup.Permission(
            ipProtocol: proto, fromPort: proto == "-1" ? nil : from, toPort: proto == "-1" ? nil : to,
            ipRanges: kind == 1 ? [.init(cidrIp: ipv4CIDRs[source % 2])] : [],
            ipv6Ranges: kind == 0 ? [.init(cidrIpv6: cidrs[source])] : [],
            userIdGroupPairs: kind == 2 ? [.init(groupId: groupPool[source % 4])] : [], prefixListIds: nil)
    }

    @Test func securityGroupEvaluationOfIPv6AgreesWithEveryRuleChecked() async {
        await propertyCheck(count: 2000, input: Gen.int(in: 0...134_999).array(of: 0...20), Gen.int(in: 1...15),
                            Gen.int(in: 0...15), Gen.int(in: 0...130), Gen.int(in: 0...1)) { codes, ownMask, peerMask, port, address in
            var facts = Facts()
            facts.securityGroups = Self.groupPool.enumerated().map { index, id in
                let rules = codes.enumerated().filter { $0.offset % 4 == index }.map { Self.permission($0.element) }
                return SecurityGroup(groupId: id, groupName: id, vpcId: "vpc-test", ipPermissions: [], ipPermissionsEgress: rules)
            }
            let own = Self.groupPool.enumerated().filter { ownMask & (1 << $0.offset) != 0 }.map(\.element)
            let peerGroups = Self.groupPool.enumerated().filter { peerMask & (1 << $0.offset) != 0 }.map(\.element)
            guard let range = IPv6Range(Self.addresses[address]) else { return }
            var peer = SecurityGroupEvaluator.Peer(groupIds: peerGroups, name: "peer")
            peer.ipv6Addresses = [range]
            peer.isIPv6 = true
            let result = SecurityGroupEvaluator(facts: facts).check(own, .egress, port: port, peer: peer)
            let reference = (facts.securityGroups ?? []).filter { own.contains($0.groupId) }.contains { group in
                (group.ipPermissionsEgress ?? []).contains { rule in
                    let coversPort = rule.ipProtocol == "-1"
                        || (rule.ipProtocol == "tcp" && (rule.fromPort ?? 0) <= port && port <= (rule.toPort ?? 65535))
                    let admits = (rule.ipv6Ranges ?? []).contains { range in
                        Self.cidrs.firstIndex(of: range.cidrIpv6).map { Self.covers[$0][address] } == true
                    } || (rule.userIdGroupPairs ?? []).contains { peerGroups.contains($0.groupId ?? "") }
                    return coversPort && admits
                }
            }
            #expect(result.passes == reference)
        }
    }

    @Test func ipv6RangesPrintInTheirShortForm() {
        #expect(IPv6Range("::/0")?.description == "::/0")
        #expect(IPv6Range("64:ff9b::/96")?.description == "64:ff9b::/96")
        #expect(IPv6Range("2600:1f18:1234:5601:0:0:0:7")?.description == "2600:1f18:1234:5601::7/128")
        #expect(IPv6Range("2001:db8:0:1:0:0:1:1")?.description == "2001:db8:0:1::1:1/128")
        #expect(IPv6Range("1:0:2:0:3:0:4:5")?.description == "1:0:2:0:3:0:4:5/128")
        #expect(IPv6Range.nat64 == IPv6Range("64:ff9b::/96"))
    }
}
