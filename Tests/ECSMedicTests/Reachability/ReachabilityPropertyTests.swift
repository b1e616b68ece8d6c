@testable import ECSMedic
import PropertyBased
import Testing

/// The route lookup, the network ACL evaluator and the security group evaluator against brute-force references
/// (bit strings, one port at a time, every rule) on thousands of random tables drawn from a small address space,
/// so that overlapping prefixes, ties and first-match order come up often.
@Suite struct ReachabilityPropertyTests {
    // MARK: Longest prefix match

    /// Route codes: the last octet of 10.0.0.X, one of 12 prefix lengths, and CIDR or prefix-list route.
    static let ipv4Lengths = [0, 8, 16, 24, 25, 26, 27, 28, 29, 30, 31, 32]

    struct V4Route {
        var address: UInt32
        var length: Int
        var viaPrefixList: Bool
        var target: String
    }

    static func v4Routes(_ codes: [Int]) -> [V4Route] {
        var seen: Set<String> = []
        var routes: [V4Route] = []
        for (index, code) in codes.enumerated() {
            let length = ipv4Lengths[(code / 256) % ipv4Lengths.count]
            let address = (UInt32(10) << 24 | UInt32(code % 256)) & IPv4Range.mask(length)
            let viaPrefixList = (code / 3072) % 2 == 1
            // AWS refuses two routes to the same destination; keep one CIDR and one prefix-list route per prefix.
            guard seen.insert("\(address)/\(length)/\(viaPrefixList)").inserted else { continue }
            routes.append(V4Route(address: address, length: length, viaPrefixList: viaPrefixList, target: "nat-\(index)"))
        }
        return routes
    }

    static func bits(_ value: UInt32) -> [Bool] {
        (0..<32).map { value & (UInt32(1) << UInt32(31 - $0)) != 0 }
    }

    static func text(_ address: UInt32) -> String {
        [24, 16, 8, 0].map { String((address >> UInt32($0)) & 0xff) }.joined(separator: ".")
    }

    /// The reference: every route whose first `length` bits equal the destination's, the longest, CIDR before list.
    static func referenceV4(_ routes: [V4Route], destination: UInt32, length: Int) -> String? {
        let target = bits(destination)
        let matching = routes.filter { route in
            route.length <= length && Array(bits(route.address).prefix(route.length)) == Array(target.prefix(route.length))
        }
        return matching.max { ($0.length, $0.viaPrefixList ? 0 : 1) < ($1.length, $1.viaPrefixList ? 0 : 1) }?.target
    }

    @Test func longestPrefixMatchAgreesWithTheReferenceOnIPv4() async {
        await propertyCheck(count: 3000, input: Gen.int(in: 0...6143).array(of: 1...24), Gen.int(in: 0...511)) { codes, destinationCode in
            let routes = Self.v4Routes(codes)
            var lists: [String: [String]] = [:]
            let tableRoutes = routes.enumerated().map { index, route -> RouteTable.Route in
                let cidr = "\(Self.text(route.address))/\(route.length)"
                var tableRoute = RouteTable.Route()
                tableRoute.natGatewayId = route.target
                if route.viaPrefixList {
                    lists["pl-\(index)"] = [cidr]
                    tableRoute.destinationPrefixListId = "pl-\(index)"
                } else {
                    tableRoute.destinationCidrBlock = cidr
                }
                return tableRoute
            }
            let length = destinationCode < 256 ? 32 : 28
            let destination = (UInt32(10) << 24 | UInt32(destinationCode % 256)) & IPv4Range.mask(length)
            let lookup = RouteLookup(routes: tableRoutes, prefixLists: lists)
            let found = IPv4Range("\(Self.text(destination))/\(length)").flatMap { lookup.route(to: $0) }?.natGatewayId
            #expect(found == Self.referenceV4(routes, destination: destination, length: length))
        }
    }

    static let ipv6Lengths = [0, 32, 48, 56, 64, 112, 120, 124, 126, 127, 128]

    /// IPv6 routes in 2600:1f18:X::Y, built from their groups so the reference never uses the parser.
    @Test func longestPrefixMatchAgreesWithTheReferenceOnIPv6() async {
        await propertyCheck(count: 2000, input: Gen.int(in: 0...(4 * 16 * 11 - 1)).array(of: 1...20), Gen.int(in: 0...63)) { codes, destinationCode in
            func groups(_ code: Int) -> [UInt16] { [0x2600, 0x1f18, UInt16(code % 4), 0, 0, 0, 0, UInt16((code / 4) % 16)] }
            func bits(_ groups: [UInt16]) -> [Bool] {
                groups.flatMap { group in (0..<16).map { group & (UInt16(1) << UInt16(15 - $0)) != 0 } }
            }
            func text(_ groups: [UInt16]) -> String { groups.map { String($0, radix: 16) }.joined(separator: ":") }
            var seen: Set<String> = []
            var routes: [(bits: [Bool], length: Int, route: RouteTable.Route)] = []
            for (index, code) in codes.enumerated() {
                let length = Self.ipv6Lengths[(code / 64) % Self.ipv6Lengths.count]
                let routeBits = Array(bits(groups(code)).prefix(length))
                guard seen.insert("\(routeBits)").inserted else { continue }
                var route = RouteTable.Route()
                route.destinationIpv6CidrBlock = "\(text(groups(code)))/\(length)"
                route.egressOnlyInternetGatewayId = "eigw-\(index)"
                routes.append((routeBits, length, route))
            }
            let destination = groups(destinationCode)
            let destinationBits = bits(destination)
            let expected = routes.filter { Array(destinationBits.prefix($0.length)) == $0.bits }
                .max { $0.length < $1.length }?.route.egressOnlyInternetGatewayId
            let lookup = RouteLookup(routes: routes.map(\.route), prefixLists: [:])
            let found = IPv6Range(text(destination)).flatMap { lookup.route(to: $0) }?.egressOnlyInternetGatewayId
            #expect(found == expected)
        }
    }

    // MARK: Network ACLs

    static let aclCIDRs = ["0.0.0.0/0", "10.0.0.0/8", "10.0.1.0/24", "192.168.0.0/16"]

    /// Entry codes: protocol, action, CIDR and a port range within 0-200; rule numbers are a permutation of the
    /// array order so that evaluation must sort them.
    static func aclEntries(_ codes: [Int], egress: Bool) -> [NetworkACL.Entry] {
        codes.enumerated().map { index, code in
            let proto = ["-1", "6", "17"][code % 3]
            let from = (code / 12) % 200
            let to = min(from + (code / 2400) % 60, 200)
            return NetworkACL.Entry(
                ruleNumber: (index * 7919) % 1000 + 1, protocol: proto, ruleAction: (code / 3) % 2 == 0 ? "allow" : "deny",
                egress: egress, cidrBlock: aclCIDRs[(code / 6) % 2 == 0 ? 0 : (code / 144000) % 4],
                portRange: proto == "-1" ? nil : .init(from: from, to: to))
        }
    }

    /// The reference: each port alone, the first entry by rule number that matches it decides; none matching denies.
    static func referenceACL(_ entries: [NetworkACL.Entry], address: IPv4Range, ports: ClosedRange<Int>) -> (passes: Bool, deniers: Set<Int>) {
        let ordered = entries.sorted { $0.ruleNumber < $1.ruleNumber }
        var deniers: Set<Int> = []
        var passes = true
        for port in ports {
            let decider = ordered.first { entry in
                let protocolMatches = entry.protocol == "-1" || (entry.protocol == "6"
                    && (entry.portRange?.from ?? 0) <= port && port <= (entry.portRange?.to ?? 65535))
                return protocolMatches && (IPv4Range(entry.cidrBlock ?? "")?.contains(address) ?? false)
            }
            if decider?.allows != true {
                passes = false
                if let decider { deniers.insert(decider.ruleNumber) }
            }
        }
        return (passes, deniers)
    }

    @Test func networkACLEvaluationAgreesWithPortByPortFirstMatch() async {
        await propertyCheck(count: 2000, input: Gen.int(in: 0...575_999).array(of: 0...16), Gen.int(in: 0...200),
                            Gen.int(in: 0...40), Gen.bool) { codes, low, width, secondAddress in
            let entries = Self.aclEntries(codes, egress: false)
            let acl = NetworkACL(networkAclId: "acl-test", vpcId: "vpc-test", isDefault: false, entries: entries, associations: [])
            let ports = low...min(low + width, 200)
            guard let address = IPv4Range(secondAddress ? "192.168.3.4" : "10.0.1.7") else { return }
            let result = NetworkACLEvaluator.check(acl, egress: false, ports: ports, peer: .init(addresses: [address], name: "peer"))
            let reference = Self.referenceACL(entries, address: address, ports: ports)
            #expect(result.passes == reference.passes)
            if let rule = result.denyingRule {
                #expect(reference.deniers.contains(rule))
            }
        }
    }

    // MARK: Security groups

    static let groupPool = ["sg-a", "sg-b", "sg-c", "sg-d"]
    static let groupCIDRs = ["0.0.0.0/0", "10.0.0.0/16", "10.0.1.7/32", "172.16.0.0/12"]

    /// Rule codes: protocol, port range within 0-130, and a CIDR or a group reference.
    static func permission(_ code: Int) -> SecurityGroup.Permission {
        let proto = ["-1", "tcp", "udp"][code % 3]
        let from = (code / 3) % 100
        let to = from + (code / 300) % 30
        let source = (code / 18000) % 4
        let byGroup = (code / 9000) % 2 == 1
        return SecurityGroup.Permission(
            ipProtocol: proto, fromPort: proto == "-1" ? nil : from, toPort: proto == "-1" ? nil : to,
            ipRanges: byGroup ? [] : [.init(cidrIp: groupCIDRs[source])], ipv6Ranges: nil,
            userIdGroupPairs: byGroup ? [.init(groupId: groupPool[source])] : [], prefixListIds: nil)
    }

    @Test func securityGroupEvaluationAgreesWithEveryRuleChecked() async {
        await propertyCheck(count: 2000, input: Gen.int(in: 0...71_999).array(of: 0...20), Gen.int(in: 1...15),
                            Gen.int(in: 0...15), Gen.int(in: 0...130)) { codes, ownMask, peerMask, port in
            var facts = Facts()
            facts.securityGroups = Self.groupPool.enumerated().map { index, id in
                let rules = codes.enumerated().filter { $0.offset % 4 == index }.map { Self.permission($0.element) }
                return SecurityGroup(groupId: id, groupName: id, vpcId: "vpc-test", ipPermissions: [], ipPermissionsEgress: rules)
            }
            let own = Self.groupPool.enumerated().filter { ownMask & (1 << $0.offset) != 0 }.map(\.element)
            let peerGroups = Self.groupPool.enumerated().filter { peerMask & (1 << $0.offset) != 0 }.map(\.element)
            guard let address = IPv4Range("10.0.1.7") else { return }
            let result = SecurityGroupEvaluator(facts: facts).check(
                own, .egress, port: port, peer: .init(addresses: [address], groupIds: peerGroups, name: "peer"))
            let reference = (facts.securityGroups ?? []).filter { own.contains($0.groupId) }.contains { group in
                (group.ipPermissionsEgress ?? []).contains { rule in
                    let covers = rule.ipProtocol == "-1"
                        || (rule.ipProtocol == "tcp" && (rule.fromPort ?? 0) <= port && port <= (rule.toPort ?? 65535))
                    let admits = (rule.ipRanges ?? []).contains { IPv4Range($0.cidrIp)?.contains(address) ?? false }
                        || (rule.userIdGroupPairs ?? []).contains { peerGroups.contains($0.groupId ?? "") }
                    return covers && admits
                }
            }
            #expect(result.passes == reference)
        }
    }
}
