import AWSClient

/// Turns on DNS support, then DNS hostnames, of a VPC (one attribute per call, as EC2 requires), each only when off.
struct VPCDNSStep: ApplyStep {
    let vpcId: String

    var summary: String { "turn on DNS support and DNS hostnames of \(vpcId)" }
    var existing: [ExistingResource] { [.ec2(vpcId)] }

    private static let attributes = [("EnableDnsSupport", "enableDnsSupport"), ("EnableDnsHostnames", "enableDnsHostnames")]

    private func off(_ aws: ApplyCaller) async throws -> [String] {
        var off: [String] = []
        for (member, attribute) in Self.attributes {
            let found = try await aws.read(.ec2, "DescribeVpcAttribute", ["VpcId": .string(vpcId), "Attribute": .string(attribute)])
            if found[member]?["Value"]?.boolValue != true { off.append(member) }
        }
        return off
    }

    func current(_ aws: ApplyCaller, _ state: inout ApplyState) async throws -> StepStatus {
        try await off(aws).isEmpty ? .inPlace(created: []) : .needed
    }

    func apply(_ aws: ApplyCaller, _ state: inout ApplyState) async throws -> [AppliedResource] {
        var changed: [AppliedResource] = []
        for member in try await off(aws) {
            guard try await aws.write(.ec2, "ModifyVpcAttribute", .object(["VpcId": .string(vpcId), member: ["Value": true]])) != nil
            else { continue }
            changed.append(AppliedResource(kind: .vpcAttribute, id: member, parent: vpcId, previous: false))
        }
        return changed
    }
}
