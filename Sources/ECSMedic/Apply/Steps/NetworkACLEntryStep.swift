import AWSClient

/// Adds an allow entry for TCP on a port range to a network ACL, under a rule number that is free (the fix numbers
/// it before the entry that denies). A number that is taken by a different entry is refused, never replaced.
struct NetworkACLEntryStep: ApplyStep {
    let aclId: String
    let ruleNumber: Int
    let egress: Bool
    let fromPort: Int
    let toPort: Int
    let cidr: String

    private var direction: String { egress ? "egress" : "ingress" }
    private var ports: String { fromPort == toPort ? "\(fromPort)" : "\(fromPort)-\(toPort)" }

    var summary: String { "add \(direction) entry \(ruleNumber) allowing TCP \(ports) \(egress ? "to" : "from") \(cidr) to \(aclId)" }
    var existing: [ExistingResource] { [.ec2(aclId)] }

    func current(_ aws: ApplyCaller, _ state: inout ApplyState) async throws -> StepStatus {
        let found = try await aws.read(.ec2, "DescribeNetworkAcls", ["NetworkAclIds": [.string(aclId)]])
        let entries = found["NetworkAcls"]?[0]?["Entries"]?.arrayValue ?? []
        guard let entry = entries.first(where: {
            $0["RuleNumber"]?.numberValue == Double(ruleNumber) && ($0["Egress"]?.boolValue ?? false) == egress
        }) else { return .needed }
        let same = entry["RuleAction"]?.stringValue == "allow" && entry["Protocol"]?.stringValue == "6"
            && (entry["CidrBlock"]?.stringValue ?? entry["Ipv6CidrBlock"]?.stringValue) == cidr
            && entry["PortRange"]?["From"]?.numberValue == Double(fromPort) && entry["PortRange"]?["To"]?.numberValue == Double(toPort)
        return same ? .inPlace(created: [])
            : .refused("\(aclId) already has \(direction) entry \(ruleNumber) for something else: re-run the diagnosis to pick a free number")
    }

    func apply(_ aws: ApplyCaller, _ state: inout ApplyState) async throws -> [AppliedResource] {
        let block = cidr.contains(":") ? "Ipv6CidrBlock" : "CidrBlock"
        guard try await aws.write(.ec2, "CreateNetworkAclEntry", .object([
            "NetworkAclId": .string(aclId), "RuleNumber": .number(Double(ruleNumber)), "Egress": .bool(egress),
            "Protocol": "6", "RuleAction": "allow", block: .string(cidr),
            "PortRange": ["From": .number(Double(fromPort)), "To": .number(Double(toPort))]])) != nil
        else { return [] }
        return [AppliedResource(kind: egress ? .networkACLEgressEntry : .networkACLIngressEntry, id: "\(ruleNumber)", parent: aclId)]
    }
}
