import AWSClient

/// Adds one TCP rule to a security group (ingress from, or egress to, a group, CIDR or prefix list), tagged, and
/// records it by its security group rule id.
struct SecurityGroupRuleStep: ApplyStep {
    let direction: SecurityGroupRule.Direction
    let group: GroupReference
    let port: Int
    let peer: SecurityGroupRule.Peer

    var summary: String {
        "allow TCP \(port) \(direction == .ingress ? "into \(group.placeholder) from" : "out of \(group.placeholder) to") \(peer.id)"
    }

    var existing: [ExistingResource] {
        if case .id(let id) = group { return [.ec2(id)] }
        return []
    }

    func current(_ aws: ApplyCaller, _ state: inout ApplyState) async throws -> StepStatus {
        guard let groupId = state.resolve(group) else { return .needed }
        let found = try await aws.read(.ec2, "DescribeSecurityGroups", ["GroupIds": [.string(groupId)]])
        let key = direction == .ingress ? "IpPermissions" : "IpPermissionsEgress"
        let permissions = found["SecurityGroups"]?[0]?[key]?.arrayValue ?? []
        return permissions.contains(where: covers) ? .inPlace(created: []) : .needed
    }

    /// Whether a permission already admits this port from (or to) exactly this peer.
    private func covers(_ permission: JSONValue) -> Bool {
        let proto = permission["IpProtocol"]?.stringValue
        let from = permission["FromPort"]?.numberValue.map { Int($0) } ?? 0
        let to = permission["ToPort"]?.numberValue.map { Int($0) } ?? 65535
        guard proto == "-1" || (proto == "tcp" && from <= port && port <= to) else { return false }
        switch peer {
        case .group(let id): return (permission["UserIdGroupPairs"]?.arrayValue ?? []).contains { $0["GroupId"]?.stringValue == id }
        case .cidr(let cidr): return (permission["IpRanges"]?.arrayValue ?? []).contains { $0["CidrIp"]?.stringValue == cidr }
        case .prefixList(let id): return (permission["PrefixListIds"]?.arrayValue ?? []).contains { $0["PrefixListId"]?.stringValue == id }
        }
    }

    var permission: JSONValue {
        var permission: [String: JSONValue] = ["IpProtocol": "tcp", "FromPort": .number(Double(port)), "ToPort": .number(Double(port))]
        switch peer {
        case .group(let id): permission["UserIdGroupPairs"] = [["GroupId": .string(id)]]
        case .cidr(let cidr): permission["IpRanges"] = [["CidrIp": .string(cidr)]]
        case .prefixList(let id): permission["PrefixListIds"] = [["PrefixListId": .string(id)]]
        }
        return .object(permission)
    }

    func apply(_ aws: ApplyCaller, _ state: inout ApplyState) async throws -> [AppliedResource] {
        let groupId = state.resolve(group) ?? group.placeholder
        let operation = direction == .ingress ? "AuthorizeSecurityGroupIngress" : "AuthorizeSecurityGroupEgress"
        let response = try await aws.write(.ec2, operation, [
            "GroupId": .string(groupId), "IpPermissions": [permission],
            "TagSpecifications": ApplyCaller.tagSpecifications("security-group-rule")])
        guard let response else { return [] }
        guard let ruleId = response["SecurityGroupRules"]?[0]?["SecurityGroupRuleId"]?.stringValue else {
            throw ApplyError("\(operation) on \(groupId) returned no SecurityGroupRuleId")
        }
        return [AppliedResource(kind: direction == .ingress ? .securityGroupIngressRule : .securityGroupEgressRule,
                                id: ruleId, parent: groupId)]
    }
}
