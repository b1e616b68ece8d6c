import AWSClient

/// Something one apply created or modified, as the apply record lists it, with what undoing it takes.
public struct AppliedResource: Sendable, Codable, Equatable {
    public enum Kind: String, Sendable, Codable {
        /// `id` a security group id, `parent` its VPC.
        case securityGroup
        /// `id` a security group rule id (`sgr-...`), `parent` its group.
        case securityGroupIngressRule, securityGroupEgressRule
        /// `id` a VPC endpoint id.
        case vpcEndpoint
        /// `id` a route table id associated with the endpoint `parent`.
        case endpointRouteTable
        /// `id` a destination CIDR block in the route table `parent`.
        case route
        /// `id` a VPC endpoint whose private DNS was turned on (`previous` false).
        case endpointPrivateDNS
        /// `id` `EnableDnsSupport` or `EnableDnsHostnames` of the VPC `parent` (`previous` false).
        case vpcAttribute
        /// `id` a log group name.
        case logGroup
        /// `id` the rule number of an entry in the network ACL `parent`.
        case networkACLIngressEntry, networkACLEgressEntry
        /// `id` an inline policy name of the role `parent`; `previous` the document it replaced, absent if new.
        case rolePolicy
        /// `id` a service of the cluster `parent` whose health check grace period was set; `previous` the seconds
        /// it had, which undoing restores.
        case healthCheckGracePeriod
    }

    public var kind: Kind
    public var id: String
    public var parent: String?
    public var previous: JSONValue?

    public init(kind: Kind, id: String, parent: String? = nil, previous: JSONValue? = nil) {
        self.kind = kind
        self.id = id
        self.parent = parent
        self.previous = previous
    }

    /// One line for the output: `vpc-endpoint vpce-0a1b2c`.
    public var label: String {
        parent.map { "\(kind.rawValue) \(id) in \($0)" } ?? "\(kind.rawValue) \(id)"
    }

    /// Removes exactly this resource (or restores the attribute it changed). A resource already gone is undone.
    func undo(_ aws: ApplyCaller) async throws {
        do {
            try await remove(aws)
        } catch let error as AWSError where error.kind == .notFound {
            return
        }
    }

    private func remove(_ aws: ApplyCaller) async throws {
        switch kind {
        case .securityGroup:
            // An endpoint deleted just before keeps its network interfaces (and so the group) for a while.
            let started = ContinuousClock.now
            while true {
                do {
                    _ = try await aws.write(.ec2, "DeleteSecurityGroup", ["GroupId": .string(id)])
                    return
                } catch let error as AWSError where error.code == "DependencyViolation"
                    && ContinuousClock.now - started < .seconds(aws.waitTimeout) {
                    aws.progress("ecs-medic: \(id) is still in use (the deleted endpoint's interfaces): retrying")
                    try await Task.sleep(nanoseconds: 5_000_000_000)
                }
            }
        case .securityGroupIngressRule, .securityGroupEgressRule:
            let operation = kind == .securityGroupIngressRule ? "RevokeSecurityGroupIngress" : "RevokeSecurityGroupEgress"
            _ = try await aws.write(.ec2, operation, ["GroupId": .string(parent ?? ""), "SecurityGroupRuleIds": [.string(id)]])
        case .vpcEndpoint:
            _ = try await aws.write(.ec2, "DeleteVpcEndpoints", ["VpcEndpointIds": [.string(id)]])
        case .endpointRouteTable:
            _ = try await aws.write(.ec2, "ModifyVpcEndpoint", ["VpcEndpointId": .string(parent ?? ""), "RemoveRouteTableIds": [.string(id)]])
        case .route:
            _ = try await aws.write(.ec2, "DeleteRoute", ["RouteTableId": .string(parent ?? ""), "DestinationCidrBlock": .string(id)])
        case .endpointPrivateDNS:
            _ = try await aws.write(.ec2, "ModifyVpcEndpoint", ["VpcEndpointId": .string(id), "PrivateDnsEnabled": false])
        case .vpcAttribute:
            _ = try await aws.write(.ec2, "ModifyVpcAttribute", .object(["VpcId": .string(parent ?? ""), id: ["Value": false]]))
        case .networkACLIngressEntry, .networkACLEgressEntry:
            _ = try await aws.write(.ec2, "DeleteNetworkAclEntry", .object([
                "NetworkAclId": .string(parent ?? ""), "RuleNumber": .number(Double(id) ?? -1),
                "Egress": .bool(kind == .networkACLEgressEntry)]))
        case .logGroup:
            _ = try await aws.write(.logs, "DeleteLogGroup", ["logGroupName": .string(id)])
        case .healthCheckGracePeriod:
            _ = try await aws.write(.ecs, "UpdateService", ["cluster": .string(parent ?? ""), "service": .string(id),
                                                            "healthCheckGracePeriodSeconds": previous ?? .number(0)])
        case .rolePolicy:
            if let previous {
                _ = try await aws.write(.iam, "PutRolePolicy", ["RoleName": .string(parent ?? ""), "PolicyName": .string(id),
                                                              "PolicyDocument": .string(FixNames.json(previous))])
            } else {
                _ = try await aws.write(.iam, "DeleteRolePolicy", ["RoleName": .string(parent ?? ""), "PolicyName": .string(id)])
            }
        }
    }
}
