@testable import ECSMedic

extension Facts {
    /// These facts with a route to `destination` through the transit gateway `gateway` in every route table: a hub
    /// VPC beyond this one, whose routing ecs-medic cannot see.
    func addingTransitGatewayRoute(_ destination: String, _ gateway: String) -> Facts {
        var facts = self
        facts.routeTables = routeTables?.map { table in
            var copy = table
            var route = RouteTable.Route()
            route.destinationCidrBlock = destination
            route.transitGatewayId = gateway
            copy.routes = (copy.routes ?? []) + [route]
            return copy
        }
        return facts
    }
}
