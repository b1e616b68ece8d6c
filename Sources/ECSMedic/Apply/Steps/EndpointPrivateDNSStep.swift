import AWSClient

/// Turns on private DNS of an existing interface endpoint.
struct EndpointPrivateDNSStep: ApplyStep {
    let endpointId: String

    var summary: String { "turn on private DNS of \(endpointId)" }
    var existing: [ExistingResource] { [.ec2(endpointId)] }

    func current(_ aws: ApplyCaller, _ state: inout ApplyState) async throws -> StepStatus {
        let found = try await aws.read(.ec2, "DescribeVpcEndpoints", ["VpcEndpointIds": [.string(endpointId)]])
        return found["VpcEndpoints"]?[0]?["PrivateDnsEnabled"]?.boolValue == true ? .inPlace(created: []) : .needed
    }

    func apply(_ aws: ApplyCaller, _ state: inout ApplyState) async throws -> [AppliedResource] {
        guard try await aws.write(.ec2, "ModifyVpcEndpoint", ["VpcEndpointId": .string(endpointId), "PrivateDnsEnabled": true]) != nil
        else { return [] }
        return [AppliedResource(kind: .endpointPrivateDNS, id: endpointId, previous: false)]
    }
}
