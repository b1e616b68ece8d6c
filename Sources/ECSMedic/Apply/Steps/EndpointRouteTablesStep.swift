import AWSClient

/// Associates more route tables with an existing gateway endpoint (AWS adds the prefix-list route to each).
struct EndpointRouteTablesStep: ApplyStep {
    let endpointId: String
    let routeTables: [String]

    var summary: String { "associate route tables \(routeTables.joined(separator: ", ")) with \(endpointId)" }
    var existing: [ExistingResource] { [.ec2(endpointId)] + routeTables.map(ExistingResource.ec2) }

    private func missing(_ aws: ApplyCaller) async throws -> [String] {
        let found = try await aws.read(.ec2, "DescribeVpcEndpoints", ["VpcEndpointIds": [.string(endpointId)]])
        let associated = Set(found["VpcEndpoints"]?[0]?["RouteTableIds"]?.arrayValue?.compactMap(\.stringValue) ?? [])
        return routeTables.filter { !associated.contains($0) }
    }

    func current(_ aws: ApplyCaller, _ state: inout ApplyState) async throws -> StepStatus {
        try await missing(aws).isEmpty ? .inPlace(created: []) : .needed
    }

    func apply(_ aws: ApplyCaller, _ state: inout ApplyState) async throws -> [AppliedResource] {
        let tables = try await missing(aws)
        guard try await aws.write(.ec2, "ModifyVpcEndpoint", ["VpcEndpointId": .string(endpointId),
                                                              "AddRouteTableIds": .array(tables.map(JSONValue.string))]) != nil
        else { return [] }
        return tables.map { AppliedResource(kind: .endpointRouteTable, id: $0, parent: endpointId) }
    }
}
