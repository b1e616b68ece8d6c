/// The network facts keyed by id, built once per set of facts so that a verdict costs the same whatever the
/// size of the account (lookups in the fact lists themselves are linear).
struct NetworkIndex: Sendable {
    let subnets: [String: Subnet]
    let vpcs: [String: VPC]
    let securityGroups: [String: SecurityGroup]
    let routeTableBySubnet: [String: RouteTable]
    let mainRouteTableByVPC: [String: RouteTable]
    let routeLookups: [String: RouteLookup]
    let naclBySubnet: [String: NetworkACLEvaluator.Prepared]
    let defaultNACLByVPC: [String: NetworkACLEvaluator.Prepared]
    let endpointsByVPC: [String: [VPCEndpoint]]
    let natGateways: [String: NATGateway]
    let internetGateways: [String: InternetGateway]
    let networkInterfaces: [String: NetworkInterface]
    let dhcpOptions: [String: DHCPOptions]
    /// CIDRs of every prefix list known, AWS-managed and customer-managed.
    let prefixLists: [String: [String]]

    init(_ facts: Facts) {
        func byId<T>(_ items: [T]?, _ key: (T) -> String) -> [String: T] {
            Dictionary((items ?? []).map { (key($0), $0) }, uniquingKeysWith: { first, _ in first })
        }
        subnets = byId(facts.subnets, \.subnetId)
        vpcs = byId(facts.vpcs, \.vpcId)
        securityGroups = byId(facts.securityGroups, \.groupId)
        natGateways = byId(facts.natGateways, \.natGatewayId)
        internetGateways = byId(facts.internetGateways, \.internetGatewayId)
        networkInterfaces = byId(facts.networkInterfaces, \.networkInterfaceId)
        dhcpOptions = byId(facts.dhcpOptions, \.dhcpOptionsId)
        var lists = facts.managedPrefixListEntries
        for list in facts.prefixLists ?? [] where lists[list.prefixListId] == nil {
            lists[list.prefixListId] = list.cidrs ?? []
        }
        prefixLists = lists

        var bySubnet: [String: RouteTable] = [:]
        var main: [String: RouteTable] = [:]
        var lookups: [String: RouteLookup] = [:]
        for table in facts.routeTables ?? [] {
            for association in table.associations ?? [] {
                if let subnetId = association.subnetId, bySubnet[subnetId] == nil { bySubnet[subnetId] = table }
            }
            if table.isMain, let vpcId = table.vpcId, main[vpcId] == nil { main[vpcId] = table }
            lookups[table.routeTableId] = RouteLookup(routes: table.routes ?? [], prefixLists: lists)
        }
        routeTableBySubnet = bySubnet
        mainRouteTableByVPC = main
        routeLookups = lookups

        var aclBySubnet: [String: NetworkACLEvaluator.Prepared] = [:]
        var defaultACL: [String: NetworkACLEvaluator.Prepared] = [:]
        for acl in facts.networkACLs ?? [] {
            let prepared = NetworkACLEvaluator.Prepared(acl)
            for association in acl.associations ?? [] {
                if let subnetId = association.subnetId, aclBySubnet[subnetId] == nil { aclBySubnet[subnetId] = prepared }
            }
            if acl.isDefault == true, let vpcId = acl.vpcId, defaultACL[vpcId] == nil { defaultACL[vpcId] = prepared }
        }
        naclBySubnet = aclBySubnet
        defaultNACLByVPC = defaultACL
        endpointsByVPC = Dictionary(grouping: facts.vpcEndpoints ?? [], by: { $0.vpcId ?? "" })
    }

    /// The route table a subnet uses: its explicit association, else its VPC's main table.
    func routeTable(forSubnet subnetId: String) -> RouteTable? {
        if let table = routeTableBySubnet[subnetId] { return table }
        return subnets[subnetId].flatMap { mainRouteTableByVPC[$0.vpcId] }
    }

    /// The network ACL of a subnet, prepared for checks: its association, else its VPC's default ACL.
    func networkACL(forSubnet subnetId: String) -> NetworkACLEvaluator.Prepared? {
        if let acl = naclBySubnet[subnetId] { return acl }
        return subnets[subnetId].flatMap { defaultNACLByVPC[$0.vpcId] }
    }
}
