/// Decides whether a task can open a TCP connection to each thing it needs, the way AWS evaluates it: security
/// groups (stateful), network ACLs (stateless, both directions, the client's real ephemeral ports), interface
/// endpoints and their DNS, the subnet's route table by longest prefix match, NAT and internet gateways. It never
/// calls AWS; missing facts make a verdict `unknown`, and so does a path that leaves what ecs-medic can see
/// (transit gateway, peering, VPN, appliances, custom DNS) — never `blocked`.
public struct ReachabilityEngine: Sendable {
    public let facts: Facts
    let index: NetworkIndex

    public init(facts: Facts) {
        self.facts = facts
        index = NetworkIndex(facts)
    }

    public func verdict(for need: NetworkNeed, from placement: NetworkPlacement) -> PathVerdict {
        var path = PathBuilder(need: need, placement: placement)
        switch need.destination {
        case .awsService(let name, let region):
            awsServicePath(name: name, region: region, from: placement, into: &path)
        case .registry:
            if let subnet = subnet(placement.subnetId, &path), let groups = taskGroups(placement, &path) {
                internetPath(from: placement, taskGroups: groups, subnet: subnet, into: &path)
            }
        case .database(let target):
            databasePath(target, from: placement, into: &path)
        case .loadBalancer(let target):
            loadBalancerPath(target, to: placement, into: &path)
        case .efs(let fileSystemId):
            efsPath(fileSystemId, from: placement, into: &path)
        }
        return path.verdict
    }

    /// The endpoint service names AWS uses for a service in a region (China regions also have `cn.com.amazonaws`).
    static func endpointServiceNames(_ name: String, region: String) -> [String] {
        let standard = "com.amazonaws.\(region).\(name)"
        return region.hasPrefix("cn-") ? [standard, "cn.com.amazonaws.\(region).\(name)"] : [standard]
    }

    // MARK: AWS services

    private func awsServicePath(name: String, region: String, from placement: NetworkPlacement,
                                into path: inout PathBuilder) {
        guard let subnet = subnet(placement.subnetId, &path) else { return }
        let vpcId = subnet.vpcId
        guard let taskGroups = taskGroups(placement, &path) else { return }
        guard facts.vpcEndpoints != nil else {
            path.unknown(.endpoint, vpcId, "the VPC endpoints of \(vpcId) were not collected",
                         missing: "VPC endpoints of \(vpcId)", permission: "ec2:DescribeVpcEndpoints")
            return
        }
        let serviceNames = Self.endpointServiceNames(name, region: region)
        let inVPC = (index.endpointsByVPC[vpcId] ?? []).filter { serviceNames.contains($0.serviceName ?? "") }
        if name == "s3" || name == "dynamodb", let (gateway, list) = gatewayEndpoint(inVPC, subnet: placement.subnetId) {
            gatewayPath(gateway, prefixList: list, taskGroups: taskGroups, placement: placement, into: &path)
            return
        }
        let interfaces = inVPC.filter(\.isInterface)
        if let interface = interfaces.first(where: \.isAvailable) {
            path.pass(.endpoint, interface.vpcEndpointId,
                      "interface endpoint \(interface.serviceName ?? name) (available) in \(vpcId)",
                      source: "ec2:DescribeVpcEndpoints")
            switch privateDNS(of: interface, vpcId: vpcId, into: &path) {
            case true?:
                endpointPath(interface, taskGroups: taskGroups, placement: placement, into: &path)
            case nil:
                return
            case false?:
                // Names resolve to the service's public addresses: the task needs the internet path instead.
                let blocker = path.dnsBlocker ?? interface.vpcEndpointId, detail = path.dnsDetail ?? ""
                internetPath(from: placement, taskGroups: taskGroups, subnet: subnet, into: &path)
                if path.outcome == .blocked {
                    path.block(.endpointDNS, blocker, detail, source: "ec2:DescribeVpcEndpoints")
                }
            }
            return
        }
        if let unavailable = interfaces.first {
            path.note(.endpoint, unavailable.vpcEndpointId,
                      "\(unavailable.vpcEndpointId) (\(unavailable.serviceName ?? name)) is \(unavailable.state ?? "in an unknown state"), not available",
                      source: "ec2:DescribeVpcEndpoints")
            internetPath(from: placement, taskGroups: taskGroups, subnet: subnet, into: &path)
            if path.outcome == .blocked {
                path.block(.endpoint, unavailable.vpcEndpointId,
                           "interface endpoint \(unavailable.vpcEndpointId) is \(unavailable.state ?? "not available") and the internet path is closed too",
                           source: "ec2:DescribeVpcEndpoints")
            }
            return
        }
        path.note(.endpoint, vpcId, "no interface endpoint \(serviceNames[0]) in \(vpcId)", source: "ec2:DescribeVpcEndpoints")
        internetPath(from: placement, taskGroups: taskGroups, subnet: subnet, into: &path)
        if path.outcome == .blocked, let shared = sharedEndpointRoute(subnetId: placement.subnetId) {
            path.unknown(.unverifiable, shared.target,
                         "\(vpcId) has no \(name) endpoint of its own, but routes \(shared.destination) to \(shared.target): an endpoint shared from another VPC through a Route 53 private hosted zone may serve it",
                         source: "ec2:DescribeRouteTables")
        }
    }

    /// A route from the subnet to private space beyond the VPC (transit gateway, peering): a hub VPC's shared
    /// endpoint could answer there, which ecs-medic cannot see.
    private func sharedEndpointRoute(subnetId: String) -> RouteTable.Route? {
        guard let table = index.routeTable(forSubnet: subnetId) else { return nil }
        return (table.routes ?? []).first { route in
            guard route.transitGatewayId != nil || route.vpcPeeringConnectionId != nil || route.coreNetworkArn != nil,
                  route.state?.lowercased() != "blackhole" else { return false }
            guard let range = route.destinationCidrBlock.flatMap(IPv4Range.init) else { return false }
            return range.prefixLength > 0 && SecurityGroupEvaluator.isPrivate(range)
        }
    }

    /// The gateway endpoint the subnet's route table sends the service's prefix list to.
    private func gatewayEndpoint(_ endpoints: [VPCEndpoint], subnet: String) -> (VPCEndpoint, String?)? {
        guard let table = index.routeTable(forSubnet: subnet) else { return nil }
        for endpoint in endpoints where endpoint.isGateway {
            if let route = table.routes?.first(where: { $0.gatewayId == endpoint.vpcEndpointId }) {
                return (endpoint, route.destinationPrefixListId)
            }
            if (endpoint.routeTableIds ?? []).contains(table.routeTableId) { return (endpoint, nil) }
        }
        return nil
    }

    /// Whether the endpoint's private DNS name answers inside the VPC; nil when it cannot be known.
    private func privateDNS(of endpoint: VPCEndpoint, vpcId: String, into path: inout PathBuilder) -> Bool? {
        if endpoint.privateDnsEnabled != true {
            path.dnsBlocker = endpoint.vpcEndpointId
            path.dnsDetail = "private DNS is disabled on \(endpoint.vpcEndpointId): \(endpoint.serviceName ?? "the service")'s name resolves to public addresses"
            return false
        }
        guard let dns = facts.vpcDNS[vpcId], let support = dns.enableDnsSupport, let hostnames = dns.enableDnsHostnames else {
            path.unknown(.endpointDNS, vpcId, "the DNS attributes of \(vpcId) were not collected",
                         missing: "DNS attributes of \(vpcId)", permission: "ec2:DescribeVpcAttribute")
            return nil
        }
        let off = [support ? nil : "enableDnsSupport", hostnames ? nil : "enableDnsHostnames"].compactMap { $0 }
        if !off.isEmpty {
            path.dnsBlocker = vpcId
            path.dnsDetail = "\(vpcId) has \(off.joined(separator: " and ")) off: the private DNS name of \(endpoint.vpcEndpointId) does not resolve"
            return false
        }
        if let servers = customDNSServers(vpcId) {
            path.unknown(.unverifiable, vpcId,
                         "\(vpcId) hands out custom DNS servers (\(servers.joined(separator: ", "))): whether they resolve \(endpoint.serviceName ?? "the endpoint") privately is not visible",
                         source: "ec2:DescribeDhcpOptions")
            return nil
        }
        path.pass(.endpointDNS, endpoint.vpcEndpointId,
                  "private DNS on; \(vpcId) enableDnsSupport and enableDnsHostnames on", source: "ec2:DescribeVpcAttribute",
                  label: "private DNS")
        return true
    }

    private func customDNSServers(_ vpcId: String) -> [String]? {
        guard let optionsId = index.vpcs[vpcId]?.dhcpOptionsId, let options = index.dhcpOptions[optionsId] else { return nil }
        let servers = options.domainNameServers
        return servers.isEmpty || servers == ["AmazonProvidedDNS"] ? nil : servers
    }

    private func endpointPath(_ endpoint: VPCEndpoint, taskGroups: [String], placement: NetworkPlacement,
                              into path: inout PathBuilder) {
        // The task's resolver returns every endpoint ENI; one in the task's own AZ is the usual answer.
        let zone = index.subnets[placement.subnetId]?.availabilityZone
        let endpointSubnets = endpoint.subnetIds ?? []
        let chosenSubnet = endpointSubnets.first { index.subnets[$0]?.availabilityZone == zone } ?? endpointSubnets.first
        let addresses = endpointAddresses(endpoint, in: chosenSubnet)
        let evaluator = SecurityGroupEvaluator(index: index)
        let name = "\(endpoint.vpcEndpointId) (\(addresses.map(\.description).joined(separator: ", ")))"
        let egress = evaluator.check(taskGroups, .egress, port: 443, peer: .init(
            addresses: addresses, groupIds: endpoint.securityGroupIds, name: name))
        guard path.add(.taskSecurityGroupEgress, egress) else { return }
        let server = NACLEnd(subnetId: chosenSubnet, peer: .init(addresses: addresses, name: name),
                             ephemeralPorts: NetworkPlacement.linuxEphemeralPorts)
        guard crossNACLs(client: taskEnd(placement), server: server, port: 443, into: &path) else { return }
        guard inVPCRoute(from: placement.subnetId, to: addresses, name: name, into: &path) else { return }
        let ingress = evaluator.check(endpoint.securityGroupIds, .ingress, port: 443, peer: taskPeer(placement, taskGroups))
        guard path.add(.endpointSecurityGroup, ingress) else { return }
        path.reached()
    }

    /// The addresses the endpoint answers on in a subnet: its network interfaces' when known, else the subnet's CIDR.
    private func endpointAddresses(_ endpoint: VPCEndpoint, in subnetId: String?) -> [IPv4Range] {
        let interfaces = (endpoint.networkInterfaceIds ?? []).compactMap { index.networkInterfaces[$0] }
        let inSubnet = interfaces.filter { subnetId == nil || $0.subnetId == subnetId }
        let addresses = (inSubnet.isEmpty ? interfaces : inSubnet).compactMap(\.privateIpAddress).compactMap(IPv4Range.init)
        if !addresses.isEmpty { return addresses }
        let subnets = subnetId.map { [$0] } ?? (endpoint.subnetIds ?? [])
        return subnets.compactMap { index.subnets[$0]?.cidrBlock }.compactMap(IPv4Range.init)
    }

    private func gatewayPath(_ endpoint: VPCEndpoint, prefixList: String?, taskGroups: [String],
                             placement: NetworkPlacement, into path: inout PathBuilder) {
        let table = index.routeTable(forSubnet: placement.subnetId)
        let listName = prefixList ?? "the \(endpoint.serviceName ?? "service") prefix list"
        let peer = SecurityGroupEvaluator.Peer(prefixListIds: prefixList.map { [$0] } ?? [], isInternet: true, name: listName)
        let egress = SecurityGroupEvaluator(index: index).check(taskGroups, .egress, port: 443, peer: peer)
        guard path.add(.taskSecurityGroupEgress, egress) else { return }
        let listCIDRs = prefixList.flatMap { index.prefixLists[$0] }?.compactMap(IPv4Range.init) ?? []
        let serverPeer = listCIDRs.isEmpty
            ? NetworkACLEvaluator.Peer(isInternet: true, name: listName)
            : NetworkACLEvaluator.Peer(addresses: listCIDRs, name: "\(listName) (\(listCIDRs.count) CIDRs)")
        let server = NACLEnd(subnetId: nil, peer: serverPeer, ephemeralPorts: NetworkPlacement.linuxEphemeralPorts)
        guard crossNACLs(client: taskEnd(placement), server: server, port: 443, into: &path) else { return }
        path.pass(.gatewayEndpoint, endpoint.vpcEndpointId,
                  "\(table?.routeTableId ?? "route table") \(prefixList ?? "prefix list") → \(endpoint.vpcEndpointId) (gateway endpoint \(endpoint.serviceName ?? ""))",
                  source: "ec2:DescribeRouteTables",
                  label: "\(table?.routeTableId ?? "route table") \(prefixList ?? "prefix list") → \(endpoint.vpcEndpointId)")
        path.reached()
    }

    // MARK: The internet path

    private func internetPath(from placement: NetworkPlacement, taskGroups: [String], subnet: Subnet,
                              into path: inout PathBuilder) {
        let egress = SecurityGroupEvaluator(index: index).check(
            taskGroups, .egress, port: 443, peer: .init(isInternet: true, name: "the internet (0.0.0.0/0)"))
        guard path.add(.taskSecurityGroupEgress, egress) else { return }
        let internet = NACLEnd(subnetId: nil, peer: .init(isInternet: true, name: "the internet (0.0.0.0/0)"),
                               ephemeralPorts: NetworkPlacement.linuxEphemeralPorts)
        guard crossNACLs(client: taskEnd(placement), server: internet, port: 443, into: &path) else { return }
        guard let route = internetRoute(from: placement.subnetId, vpcId: subnet.vpcId, into: &path) else { return }
        let table = route.table
        if let nat = route.route.natGatewayId {
            path.pass(.route, table, "\(table) 0.0.0.0/0 → \(nat)", source: "ec2:DescribeRouteTables", label: "\(table) 0.0.0.0/0 → \(nat)")
            natPath(nat, vpcId: subnet.vpcId, placement: placement, into: &path)
            return
        }
        guard let gateway = route.route.gatewayId, gateway.hasPrefix("igw-") else {
            path.unknown(.unverifiable, route.route.target,
                         "\(table) routes 0.0.0.0/0 to \(route.route.target) (\(Self.targetKind(route.route))): the path continues beyond what ecs-medic can see",
                         source: "ec2:DescribeRouteTables")
            return
        }
        path.pass(.route, table, "\(table) 0.0.0.0/0 → \(gateway)", source: "ec2:DescribeRouteTables", label: "\(table) 0.0.0.0/0 → \(gateway)")
        switch placement.hasPublicIP {
        case true?:
            path.pass(.publicIP, placement.networkInterfaceId ?? placement.subnetId,
                      "the task has a public IP", source: "ecs:DescribeServices", label: "public IP")
            internetGateway(gateway, vpcId: subnet.vpcId, into: &path)
        case false?:
            path.block(.publicIP, placement.publicIPDecidedBy ?? placement.subnetId,
                       "\(placement.subnetId) routes 0.0.0.0/0 to \(gateway) but the task has no public IP (assignPublicIp DISABLED): traffic through an internet gateway needs one",
                       source: "ecs:DescribeServices")
        case nil:
            path.unknown(.publicIP, placement.subnetId, "whether the task had a public IP is not known",
                         missing: "public IP of the task in \(placement.subnetId)", permission: "ecs:DescribeServices")
        }
    }

    /// The route a subnet's traffic to a public AWS address takes: the default route, unless more specific routes
    /// to public space exist (then which one applies depends on addresses ecs-medic does not know).
    /// With `nat`, the subnet is that NAT gateway's, and a missing route blocks at the NAT gateway.
    private func internetRoute(from subnetId: String, vpcId: String, nat: String? = nil,
                               into path: inout PathBuilder) -> (table: String, route: RouteTable.Route)? {
        guard let table = routeTable(for: subnetId, vpcId: vpcId, &path),
              let lookup = index.routeLookups[table.routeTableId] else { return nil }
        if let specific = lookup.publicSpecificRoutes.first {
            path.unknown(.unverifiable, table.routeTableId,
                         "\(table.routeTableId) routes part of the internet (\(specific.destination) → \(specific.target)) separately: which route the service's addresses take is not visible",
                         source: "ec2:DescribeRouteTables")
            return nil
        }
        guard let route = lookup.route(to: IPv4Range.everything) else {
            if let nat {
                path.block(.natGateway, nat,
                           "\(nat) sits in \(subnetId), whose route table \(table.routeTableId) has no route 0.0.0.0/0 to an internet gateway",
                           source: "ec2:DescribeRouteTables")
                return nil
            }
            path.block(.route, table.routeTableId,
                       "\(table.routeTableId) (used by \(subnetId)) has no route to 0.0.0.0/0: no NAT gateway or internet gateway",
                       source: "ec2:DescribeRouteTables")
            return nil
        }
        if route.state?.lowercased() == "blackhole" {
            path.block(nat == nil ? .route : .natGateway, nat ?? table.routeTableId,
                       "\(nat.map { "\($0) sits in \(subnetId): " } ?? "")\(table.routeTableId) routes 0.0.0.0/0 to \(route.target), which no longer exists (blackhole)",
                       source: "ec2:DescribeRouteTables")
            return nil
        }
        return (table.routeTableId, route)
    }

    /// What a route target is, for evidence about paths ecs-medic cannot follow.
    static func targetKind(_ route: RouteTable.Route) -> String {
        if route.transitGatewayId != nil { return "a transit gateway" }
        if route.vpcPeeringConnectionId != nil { return "a VPC peering connection" }
        if route.gatewayId?.hasPrefix("vgw-") == true { return "a virtual private gateway (VPN or Direct Connect)" }
        if route.gatewayId?.hasPrefix("vpce-") == true { return "a Gateway Load Balancer or Network Firewall endpoint" }
        if route.networkInterfaceId != nil || route.instanceId != nil { return "a network appliance" }
        if route.coreNetworkArn != nil { return "a Cloud WAN core network" }
        if route.localGatewayId != nil { return "an Outposts local gateway" }
        if route.carrierGatewayId != nil { return "a Wavelength carrier gateway" }
        if route.egressOnlyInternetGatewayId != nil { return "an egress-only internet gateway (IPv6 only)" }
        return "a target ecs-medic does not follow"
    }

    private func internetGateway(_ gatewayId: String, vpcId: String, into path: inout PathBuilder) {
        guard facts.internetGateways != nil else {
            path.unknown(.internetGateway, gatewayId, "\(gatewayId) was not described",
                         missing: "internet gateways of \(vpcId)", permission: "ec2:DescribeInternetGateways")
            return
        }
        let attached = index.internetGateways[gatewayId]?.attachments?.contains {
            $0.vpcId == vpcId && ["available", "attached"].contains($0.state?.lowercased() ?? "")
        } ?? false
        guard attached else {
            path.block(.internetGateway, gatewayId, "\(gatewayId) is not attached to \(vpcId)",
                       source: "ec2:DescribeInternetGateways")
            return
        }
        path.pass(.internetGateway, gatewayId, "\(gatewayId) attached to \(vpcId)", source: "ec2:DescribeInternetGateways")
        path.reached()
    }

    private func natPath(_ natId: String, vpcId: String, placement: NetworkPlacement, into path: inout PathBuilder) {
        guard facts.natGateways != nil else {
            path.unknown(.natGateway, natId, "\(natId) was not described",
                         missing: "NAT gateways of \(vpcId)", permission: "ec2:DescribeNatGateways")
            return
        }
        guard let nat = index.natGateways[natId] else {
            path.block(.natGateway, natId, "the route targets \(natId), which does not exist", source: "ec2:DescribeNatGateways")
            return
        }
        guard nat.state?.lowercased() == "available" else {
            path.block(.natGateway, natId, "\(natId) is \(nat.state ?? "not available")", source: "ec2:DescribeNatGateways")
            return
        }
        guard nat.isPublic else {
            path.block(.natGateway, natId, "\(natId) is a private NAT gateway: it cannot reach the internet",
                       source: "ec2:DescribeNatGateways")
            return
        }
        guard let address = nat.natGatewayAddresses?.first(where: { $0.publicIp != nil || $0.allocationId != nil }) else {
            path.block(.natGateway, natId, "\(natId) has no Elastic IP address", source: "ec2:DescribeNatGateways")
            return
        }
        guard let natSubnet = nat.subnetId else {
            path.unknown(.natGateway, natId, "the subnet of \(natId) is not known", source: "ec2:DescribeNatGateways")
            return
        }
        // The NAT gateway's subnet sees the task's packets arrive and leave again translated: its ACL must let the
        // request and the return traffic through on both sides (towards the internet from ports 1024-65535).
        if natSubnet != placement.subnetId {
            let natAddress = address.privateIp.flatMap(IPv4Range.init).map { [$0] }
                ?? index.subnets[natSubnet]?.cidrBlock.flatMap(IPv4Range.init).map { [$0] } ?? []
            let task = taskEnd(placement)
            let asServer = NACLEnd(subnetId: natSubnet, peer: .init(addresses: natAddress, name: natId),
                                   ephemeralPorts: NATGatewayPorts.range)
            guard crossNACLs(client: NACLEnd(subnetId: nil, peer: task.peer, ephemeralPorts: task.ephemeralPorts),
                             server: asServer, port: 443, into: &path) else { return }
            let internet = NACLEnd(subnetId: nil, peer: .init(isInternet: true, name: "the internet (0.0.0.0/0)"),
                                   ephemeralPorts: NATGatewayPorts.range)
            guard crossNACLs(client: asServer, server: internet, port: 443, into: &path) else { return }
        }
        guard let route = internetRoute(from: natSubnet, vpcId: nat.vpcId ?? vpcId, nat: natId, into: &path) else { return }
        guard let gateway = route.route.gatewayId, gateway.hasPrefix("igw-") else {
            if route.route.natGatewayId != nil {
                path.block(.natGateway, natId,
                           "\(natId) sits in \(natSubnet), whose route table \(route.table) has no route 0.0.0.0/0 to an internet gateway",
                           source: "ec2:DescribeRouteTables")
            } else {
                path.unknown(.unverifiable, route.route.target,
                             "\(natId)'s subnet \(natSubnet) routes 0.0.0.0/0 to \(route.route.target) (\(Self.targetKind(route.route))): the path continues beyond what ecs-medic can see",
                             source: "ec2:DescribeRouteTables")
            }
            return
        }
        path.pass(.natGateway, natId, "\(natId) (available\(address.publicIp.map { ", \($0)" } ?? "")) in \(natSubnet) → \(route.table) 0.0.0.0/0 → \(gateway)",
                  source: "ec2:DescribeNatGateways")
        internetGateway(gateway, vpcId: nat.vpcId ?? vpcId, into: &path)
    }

    // MARK: Databases and load balancers

    private func databasePath(_ target: DatabaseTarget, from placement: NetworkPlacement, into path: inout PathBuilder) {
        guard let taskGroups = taskGroups(placement, &path) else { return }
        // The database's addresses: its subnets' ranges when known, else every range of its VPC.
        var addresses = target.subnetIds.compactMap { index.subnets[$0]?.cidrBlock }.compactMap(IPv4Range.init)
        if addresses.isEmpty {
            let vpcId = target.securityGroupIds.lazy.compactMap { index.securityGroups[$0]?.vpcId }.first
            addresses = (vpcId.flatMap { index.vpcs[$0] }?.ipv4Cidrs ?? []).compactMap(IPv4Range.init)
        }
        let evaluator = SecurityGroupEvaluator(index: index)
        let name = "\(target.identifier) (\(target.securityGroupIds.joined(separator: ", ")))"
        let egress = evaluator.check(taskGroups, .egress, port: target.port, peer: .init(
            addresses: addresses, groupIds: target.securityGroupIds, name: name))
        guard path.add(.taskSecurityGroupEgress, egress) else { return }
        // The writer may sit in any subnet of its group (and moves on failover): each subnet's ACL must admit it.
        for subnetId in target.subnetIds {
            let cidr = index.subnets[subnetId]?.cidrBlock.flatMap(IPv4Range.init).map { [$0] } ?? addresses
            let server = NACLEnd(subnetId: subnetId, peer: .init(addresses: cidr, name: "\(target.identifier) in \(subnetId)"),
                                 ephemeralPorts: NetworkPlacement.linuxEphemeralPorts)
            guard crossNACLs(client: taskEnd(placement), server: server, port: target.port, into: &path) else { return }
        }
        guard inVPCRoute(from: placement.subnetId, to: addresses, name: name, into: &path) else { return }
        let ingress = evaluator.check(target.securityGroupIds, .ingress, port: target.port, peer: taskPeer(placement, taskGroups))
        guard path.add(.targetSecurityGroupIngress, ingress) else { return }
        path.reached()
    }

    /// Health checks run from the load balancer's nodes in each of its subnets to the task's container port.
    private func loadBalancerPath(_ target: LoadBalancerTarget, to placement: NetworkPlacement, into path: inout PathBuilder) {
        guard let taskGroups = taskGroups(placement, &path) else { return }
        let evaluator = SecurityGroupEvaluator(index: index)
        let lbAddresses = target.subnetIds.compactMap { index.subnets[$0]?.cidrBlock }.compactMap(IPv4Range.init)
        if !target.securityGroupIds.isEmpty {
            let egress = evaluator.check(target.securityGroupIds, .egress, port: target.port, peer: taskPeer(placement, taskGroups))
            guard path.add(.loadBalancerSecurityGroupEgress, egress) else { return }
        }
        for subnetId in target.subnetIds {
            let cidr = index.subnets[subnetId]?.cidrBlock.flatMap(IPv4Range.init).map { [$0] } ?? []
            let client = NACLEnd(subnetId: subnetId, peer: .init(addresses: cidr, name: "\(target.name) in \(subnetId)"),
                                 ephemeralPorts: NetworkACLEvaluator.recommendedEphemeralPorts)
            let task = taskEnd(placement)
            guard crossNACLs(client: client, server: task, port: target.port, into: &path) else { return }
        }
        let ingress = evaluator.check(taskGroups, .ingress, port: target.port, peer: .init(
            addresses: lbAddresses, groupIds: target.securityGroupIds,
            name: "\(target.name) (\((target.securityGroupIds.isEmpty ? lbAddresses.map(\.description) : target.securityGroupIds).joined(separator: ", ")))"))
        guard path.add(.taskSecurityGroupIngress, ingress) else { return }
        path.reached()
    }

    /// NFS (TCP 2049) to the file system's mount target in the task's Availability Zone: the mount helper
    /// resolves the file system's DNS name to that one, so a mount target in another zone does not help.
    private func efsPath(_ fileSystemId: String, from placement: NetworkPlacement, into path: inout PathBuilder) {
        guard let taskGroups = taskGroups(placement, &path) else { return }
        guard let targets = facts.efsMountTargets else {
            path.unknown(.efsMountTarget, fileSystemId, "the mount targets of \(fileSystemId) were not collected",
                         missing: "mount targets of \(fileSystemId)", permission: "elasticfilesystem:DescribeMountTargets")
            return
        }
        let zone = index.subnets[placement.subnetId]?.availabilityZone
        let own = targets.filter { $0.fileSystemId == fileSystemId }
        guard let target = own.first(where: { target in
            target.availabilityZoneName == zone || (target.subnetId.flatMap { index.subnets[$0]?.availabilityZone } == zone)
        }) else {
            path.block(.efsMountTarget, fileSystemId,
                       "\(fileSystemId) has no mount target in \(zone ?? "the task's Availability Zone") (\(own.count) in other zones)",
                       source: "elasticfilesystem:DescribeMountTargets")
            return
        }
        guard target.lifeCycleState.map({ $0.lowercased() == "available" }) ?? true else {
            path.block(.efsMountTarget, target.mountTargetId, "\(target.mountTargetId) is \(target.lifeCycleState ?? "not available")",
                       source: "elasticfilesystem:DescribeMountTargets")
            return
        }
        guard let groups = target.securityGroups else {
            path.unknown(.efsMountTarget, target.mountTargetId, "the security groups of \(target.mountTargetId) were not collected",
                         missing: "security groups of \(target.mountTargetId)",
                         permission: "elasticfilesystem:DescribeMountTargetSecurityGroups")
            return
        }
        path.pass(.efsMountTarget, target.mountTargetId,
                  "\(target.mountTargetId) (\(target.ipAddress ?? "address unknown")) in \(target.subnetId ?? "its subnet")",
                  source: "elasticfilesystem:DescribeMountTargets")
        let addresses = (target.ipAddress.flatMap(IPv4Range.init).map { [$0] })
            ?? target.subnetId.flatMap { index.subnets[$0]?.cidrBlock }.flatMap(IPv4Range.init).map { [$0] } ?? []
        let name = "\(target.mountTargetId) (\(groups.joined(separator: ", ")))"
        let evaluator = SecurityGroupEvaluator(index: index)
        let egress = evaluator.check(taskGroups, .egress, port: 2049, peer: .init(addresses: addresses, groupIds: groups, name: name))
        guard path.add(.taskSecurityGroupEgress, egress) else { return }
        let server = NACLEnd(subnetId: target.subnetId, peer: .init(addresses: addresses, name: name),
                             ephemeralPorts: NetworkPlacement.linuxEphemeralPorts)
        guard crossNACLs(client: taskEnd(placement), server: server, port: 2049, into: &path) else { return }
        guard inVPCRoute(from: placement.subnetId, to: addresses, name: name, into: &path) else { return }
        let ingress = evaluator.check(groups, .ingress, port: 2049, peer: taskPeer(placement, taskGroups))
        guard path.add(.targetSecurityGroupIngress, ingress) else { return }
        path.reached()
    }

    // MARK: Network ACLs and in-VPC routes

    /// One end of a TCP connection as network ACLs see it: the subnet whose ACL applies (nil outside the VPC),
    /// its addresses, and the ports its outgoing connections use (where return traffic arrives).
    struct NACLEnd {
        var subnetId: String?
        var peer: NetworkACLEvaluator.Peer
        var ephemeralPorts: ClosedRange<Int>
    }

    /// The ACLs a connection crosses: the client's subnet (request out, return in) and the server's (request in,
    /// return out). Traffic that stays inside one subnet crosses none. Returns true when the path goes on.
    private func crossNACLs(client: NACLEnd, server: NACLEnd, port: Int, into path: inout PathBuilder) -> Bool {
        if let clientSubnet = client.subnetId, clientSubnet == server.subnetId { return true }
        if let clientSubnet = client.subnetId {
            guard naclHop(clientSubnet, egress: true, ports: port...port, peer: server.peer, into: &path),
                  naclHop(clientSubnet, egress: false, ports: client.ephemeralPorts, peer: server.peer, into: &path)
            else { return false }
        }
        if let serverSubnet = server.subnetId {
            guard naclHop(serverSubnet, egress: false, ports: port...port, peer: client.peer, into: &path),
                  naclHop(serverSubnet, egress: true, ports: client.ephemeralPorts, peer: client.peer, into: &path)
            else { return false }
        }
        return true
    }

    private func naclHop(_ subnetId: String, egress: Bool, ports: ClosedRange<Int>, peer: NetworkACLEvaluator.Peer,
                         into path: inout PathBuilder) -> Bool {
        guard facts.networkACLs != nil else {
            path.unknown(.networkACL, subnetId, "the network ACLs of \(subnetId) were not collected",
                         missing: "network ACLs", permission: "ec2:DescribeNetworkAcls")
            return false
        }
        guard let acl = index.networkACL(forSubnet: subnetId) else {
            path.unknown(.networkACL, subnetId, "no network ACL is associated with \(subnetId)",
                         missing: "network ACL of \(subnetId)", permission: "ec2:DescribeNetworkAcls")
            return false
        }
        let result = NetworkACLEvaluator.check(acl, egress: egress, ports: ports, peer: peer)
        switch result.passes {
        case true?:
            var detail = "\(result.detail) (\(subnetId))"
            let recommended = NetworkACLEvaluator.recommendedEphemeralPorts
            let narrow = ports.count > 1 && ports != recommended
                && NetworkACLEvaluator.check(acl, egress: egress, ports: recommended, peer: peer).passes == false
            if narrow {
                detail += "; narrower than the 1024-65535 AWS recommends for return traffic"
            }
            path.pass(.networkACL, acl.networkAclId, detail, source: "ec2:DescribeNetworkAcls", label: result.label)
            if narrow {
                path.warnLastHop("\(acl.networkAclId) \(egress ? "outbound" : "inbound") admits \(ports.lowerBound)-\(ports.upperBound) but not all of 1024-65535: clients with another ephemeral range (Windows tasks, NAT gateways, load balancers) would be cut off")
            }
            return true
        case false?:
            path.block(.networkACL, acl.networkAclId, "\(result.detail) (\(subnetId))", source: "ec2:DescribeNetworkAcls",
                       label: result.label)
        case nil where peer.addresses.isEmpty && !peer.isInternet:
            path.unknown(.networkACL, acl.networkAclId, "\(result.detail) (\(subnetId))",
                         missing: "the addresses of \(peer.name)", permission: "ec2:DescribeVpcs")
        case nil:
            path.unknown(.networkACL, acl.networkAclId, "\(result.detail) (\(subnetId))", source: "ec2:DescribeNetworkAcls",
                         label: result.label)
        }
        return false
    }

    /// Traffic to addresses inside the VPC follows the `local` route unless a more specific route sends it through
    /// an appliance (Network Firewall, Gateway Load Balancer), which ecs-medic cannot see past.
    private func inVPCRoute(from subnetId: String, to addresses: [IPv4Range], name: String,
                            into path: inout PathBuilder) -> Bool {
        guard let table = index.routeTable(forSubnet: subnetId), let lookup = index.routeLookups[table.routeTableId] else {
            return true
        }
        // Traffic that stays inside the subnet is never routed.
        let ownRange = index.subnets[subnetId]?.cidrBlock.flatMap(IPv4Range.init)
        for address in addresses where ownRange?.contains(address) != true {
            let routes = (lookup.route(to: address).map { [$0] } ?? []) + lookup.routes(inside: address).filter { route in
                guard let range = route.destinationCidrBlock.flatMap(IPv4Range.init) else { return true }
                return ownRange?.contains(range) != true
            }
            guard let route = routes.first(where: { $0.gatewayId != "local" }) else { continue }
            if route.state?.lowercased() == "blackhole" {
                path.block(.route, table.routeTableId,
                           "\(table.routeTableId) routes \(route.destination) (covering \(name)) to \(route.target), which no longer exists (blackhole)",
                           source: "ec2:DescribeRouteTables")
            } else {
                path.unknown(.unverifiable, route.target,
                             "\(table.routeTableId) routes \(route.destination) (covering \(name)) to \(route.target) (\(Self.targetKind(route))): the path continues beyond what ecs-medic can see",
                             source: "ec2:DescribeRouteTables")
            }
            return false
        }
        return true
    }

    // MARK: Shared facts

    private func subnet(_ id: String, _ path: inout PathBuilder) -> Subnet? {
        guard let subnet = index.subnets[id] else {
            path.unknown(.route, id, "\(id) was not described", missing: "subnet \(id)", permission: "ec2:DescribeSubnets")
            return nil
        }
        return subnet
    }

    private func taskGroups(_ placement: NetworkPlacement, _ path: inout PathBuilder) -> [String]? {
        guard let groups = placement.securityGroupIds else {
            path.unknown(.taskSecurityGroupEgress, placement.subnetId,
                         "the task's security groups are not known (no ENI, deployment or service network configuration)",
                         missing: "security groups of the task", permission: "ecs:DescribeServices")
            return nil
        }
        return groups
    }

    private func routeTable(for subnetId: String, vpcId: String, _ path: inout PathBuilder) -> RouteTable? {
        guard facts.routeTables != nil else {
            path.unknown(.route, subnetId, "the route tables of \(vpcId) were not collected",
                         missing: "route tables of \(vpcId)", permission: "ec2:DescribeRouteTables")
            return nil
        }
        guard let table = index.routeTable(forSubnet: subnetId) else {
            path.unknown(.route, subnetId, "no route table of \(vpcId) applies to \(subnetId)",
                         missing: "route table of \(subnetId)", permission: "ec2:DescribeRouteTables")
            return nil
        }
        return table
    }

    /// The task's addresses as ACLs and security group rules see them: its IP, else its subnet's range.
    private func taskAddresses(_ placement: NetworkPlacement) -> [IPv4Range] {
        let address = placement.privateIP.flatMap(IPv4Range.init)
            ?? index.subnets[placement.subnetId]?.cidrBlock.flatMap(IPv4Range.init)
        return address.map { [$0] } ?? []
    }

    private func taskEnd(_ placement: NetworkPlacement) -> NACLEnd {
        let name = placement.privateIP ?? index.subnets[placement.subnetId]?.cidrBlock ?? placement.subnetId
        return NACLEnd(subnetId: placement.subnetId, peer: .init(addresses: taskAddresses(placement), name: "the task (\(name))"),
                       ephemeralPorts: placement.ephemeralPorts)
    }

    /// The task as a security group rule sees it: its address (or its subnet's range) and its groups.
    private func taskPeer(_ placement: NetworkPlacement, _ groups: [String]) -> SecurityGroupEvaluator.Peer {
        let name = ([placement.privateIP ?? index.subnets[placement.subnetId]?.cidrBlock] + groups.map(Optional.some))
            .compactMap { $0 }.joined(separator: ", ")
        return .init(addresses: taskAddresses(placement), groupIds: groups, name: "the task (\(name))")
    }
}

/// The source ports a NAT gateway uses for the connections it translates (AWS: 1024-65535).
enum NATGatewayPorts {
    static let range = 1024...65535
}
