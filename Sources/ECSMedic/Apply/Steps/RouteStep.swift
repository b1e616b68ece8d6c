import AWSClient

/// Adds a route through a NAT gateway to a route table that has no route for that destination. Replacing an
/// existing route is refused: it redirects traffic that works today (apply that by hand).
struct RouteStep: ApplyStep {
    let routeTableId: String
    let destination: String
    let natGatewayId: String

    var summary: String { "add route \(destination) via \(natGatewayId) to \(routeTableId)" }
    var existing: [ExistingResource] { [.ec2(routeTableId)] }

    func current(_ aws: ApplyCaller, _ state: inout ApplyState) async throws -> StepStatus {
        let found = try await aws.read(.ec2, "DescribeRouteTables", ["RouteTableIds": [.string(routeTableId)]])
        let routes = found["RouteTables"]?[0]?["Routes"]?.arrayValue ?? []
        guard let route = routes.first(where: { $0["DestinationCidrBlock"]?.stringValue == destination }) else { return .needed }
        if route["NatGatewayId"]?.stringValue == natGatewayId { return .inPlace(created: []) }
        let target = ["GatewayId", "NatGatewayId", "TransitGatewayId", "NetworkInterfaceId", "VpcPeeringConnectionId"]
            .lazy.compactMap { route[$0]?.stringValue }.first ?? "another target"
        return .refused("\(routeTableId) already routes \(destination) to \(target): replacing it is not applied")
    }

    func apply(_ aws: ApplyCaller, _ state: inout ApplyState) async throws -> [AppliedResource] {
        guard try await aws.write(.ec2, "CreateRoute", ["RouteTableId": .string(routeTableId), "DestinationCidrBlock": .string(destination),
                                                        "NatGatewayId": .string(natGatewayId)]) != nil else { return [] }
        return [AppliedResource(kind: .route, id: destination, parent: routeTableId)]
    }
}
