import AWSClient

/// Creates an interface VPC endpoint with private DNS in the task's subnets, tagged, and waits until it is
/// available; a gateway endpoint (S3) when `routeTables` is given instead of subnets.
struct VPCEndpointStep: ApplyStep {
    enum Placement: Sendable {
        case interface(subnets: [String], group: GroupReference)
        case gateway(routeTables: [String])
    }

    let vpcId: String
    let serviceName: String
    let placement: Placement

    var summary: String {
        switch placement {
        case .interface(let subnets, let group):
            return "create interface endpoint \(serviceName) in \(vpcId) (subnets \(subnets.joined(separator: ", ")); group \(group.placeholder); private DNS)"
        case .gateway(let tables):
            return "create gateway endpoint \(serviceName) in \(vpcId) (route tables \(tables.joined(separator: ", ")))"
        }
    }

    var existing: [ExistingResource] { [.ec2(vpcId)] }

    func current(_ aws: ApplyCaller, _ state: inout ApplyState) async throws -> StepStatus {
        let found = try await aws.read(.ec2, "DescribeVpcEndpoints", ["Filters": [
            ["Name": "vpc-id", "Values": [.string(vpcId)]], ["Name": "service-name", "Values": [.string(serviceName)]]]])
        let live = (found["VpcEndpoints"]?.arrayValue ?? []).filter {
            !["deleted", "deleting", "failed", "rejected"].contains($0["State"]?.stringValue?.lowercased() ?? "")
        }
        guard let endpoint = live.first, let id = endpoint["VpcEndpointId"]?.stringValue else { return .needed }
        return .inPlace(created: ApplyCaller.createdByECSMedic(endpoint["Tags"]) ? [AppliedResource(kind: .vpcEndpoint, id: id)] : [])
    }

    func apply(_ aws: ApplyCaller, _ state: inout ApplyState) async throws -> [AppliedResource] {
        var input: [String: JSONValue] = ["VpcId": .string(vpcId), "ServiceName": .string(serviceName),
                                          "TagSpecifications": ApplyCaller.tagSpecifications("vpc-endpoint")]
        switch placement {
        case .interface(let subnets, let group):
            input["VpcEndpointType"] = "Interface"
            input["SubnetIds"] = .array(subnets.map(JSONValue.string))
            input["SecurityGroupIds"] = [.string(state.resolve(group) ?? group.placeholder)]
            input["PrivateDnsEnabled"] = true
        case .gateway(let tables):
            input["VpcEndpointType"] = "Gateway"
            input["RouteTableIds"] = .array(tables.map(JSONValue.string))
        }
        guard let response = try await aws.write(.ec2, "CreateVpcEndpoint", .object(input)) else { return [] }
        guard let id = response["VpcEndpoint"]?["VpcEndpointId"]?.stringValue else {
            throw ApplyError("CreateVpcEndpoint returned no VpcEndpointId")
        }
        return [AppliedResource(kind: .vpcEndpoint, id: id)]
    }

    func settle(_ aws: ApplyCaller, _ created: [AppliedResource]) async throws {
        for endpoint in created where endpoint.kind == .vpcEndpoint {
            try await aws.wait(for: endpoint.id, until: "available") {
                try await aws.read(.ec2, "DescribeVpcEndpoints", ["VpcEndpointIds": [.string(endpoint.id)]])["VpcEndpoints"]?[0]?["State"]?.stringValue
            }
        }
    }
}
