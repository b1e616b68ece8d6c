/// Decides whether a task can open a TCP connection to each thing it needs, the way AWS evaluates it: security
/// groups, interface endpoints and their DNS, the subnet's route table and its NAT or internet gateway. It never
/// calls AWS; missing facts make a verdict `unknown`, never `blocked`.
public struct ReachabilityEngine: Sendable {
    public let facts: Facts

    public init(facts: Facts) {
        self.facts = facts
    }

    public func verdict(for need: NetworkNeed, from placement: NetworkPlacement) -> PathVerdict {
        var path = PathBuilder(need: need, subnetId: placement.subnetId)
        switch need.destination {
        case .awsService(let name, let region):
            awsServicePath(name: name, region: region, from: placement, into: &path)
        case .database(let target):
            databasePath(target, from: placement, into: &path)
        }
        return path.verdict
    }

    // MARK: AWS services

    private func awsServicePath(name: String, region: String, from placement: NetworkPlacement,
                                into path: inout PathBuilder) {
        guard let subnet = subnet(placement.subnetId, &path) else { return }
        let vpcId = subnet.vpcId
        guard let taskGroups = taskGroups(placement, &path) else { return }
        guard let endpoints = facts.vpcEndpoints else {
            path.unknown(.endpoint, vpcId, "the VPC endpoints of \(vpcId) were not collected",
                         missing: "VPC endpoints of \(vpcId)", permission: "ec2:DescribeVpcEndpoints")
            return
        }
        let serviceNames = Self.endpointServiceNames(name, region: region)
        let inVPC = endpoints.filter { $0.vpcId == vpcId && serviceNames.contains($0.serviceName ?? "") }
        if name == "s3", let gateway = gatewayEndpoint(inVPC, subnet: placement.subnetId) {
            gatewayPath(gateway, taskGroups: taskGroups, placement: placement, into: &path)
            return
        }
        let interface = inVPC.first { $0.isInterface && $0.isAvailable } ?? inVPC.first { $0.isInterface }
        if let interface {
            path.pass(.endpoint, interface.vpcEndpointId,
                      "interface endpoint \(interface.serviceName ?? name) (\(interface.state ?? "state unknown")) in \(vpcId)",
                      source: "ec2:DescribeVpcEndpoints")
            switch privateDNS(of: interface, vpcId: vpcId, into: &path) {
            case true?:
                endpointPath(interface, taskGroups: taskGroups, placement: placement, into: &path)
                return
            case nil:
                return
            case false?:
                // Names resolve to the service's public addresses: the task needs the internet path instead.
                var fallback = path
                internetPath(from: placement, taskGroups: taskGroups, subnet: subnet, into: &fallback)
                let blocked = fallback.outcome == .blocked
                path = fallback
                if blocked {
                    path.block(.endpointDNS, path.dnsBlocker ?? interface.vpcEndpointId, path.dnsDetail ?? "",
                               source: "ec2:DescribeVpcEndpoints")
                }
                return
            }
        }
        path.note(.endpoint, vpcId, "no interface endpoint \(serviceNames[0]) in \(vpcId)", source: "ec2:DescribeVpcEndpoints")
        internetPath(from: placement, taskGroups: taskGroups, subnet: subnet, into: &path)
    }

    /// The endpoint service names AWS uses for a service in a region (China regions also have `cn.com.amazonaws`).
    static func endpointServiceNames(_ name: String, region: String) -> [String] {
        let standard = "com.amazonaws.\(region).\(name)"
        return region.hasPrefix("cn-") ? [standard, "cn.com.amazonaws.\(region).\(name)"] : [standard]
    }

    private func gatewayEndpoint(_ endpoints: [VPCEndpoint], subnet: String) -> VPCEndpoint? {
        guard let table = facts.routeTable(forSubnet: subnet) else { return nil }
        return endpoints.first { $0.isGateway && ($0.routeTableIds ?? []).contains(table.routeTableId) }
    }

    /// Whether the endpoint's private DNS name answers inside the VPC; nil when a needed fact is missing.
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
                  "private DNS on; \(vpcId) enableDnsSupport and enableDnsHostnames on", source: "ec2:DescribeVpcAttribute")
        return true
    }

    private func customDNSServers(_ vpcId: String) -> [String]? {
        guard let optionsId = facts.vpc(vpcId)?.dhcpOptionsId,
              let options = facts.dhcpOptions?.first(where: { $0.dhcpOptionsId == optionsId }) else { return nil }
        let servers = options.domainNameServers
        return servers.isEmpty || servers == ["AmazonProvidedDNS"] ? nil : servers
    }

    private func endpointPath(_ endpoint: VPCEndpoint, taskGroups: [String], placement: NetworkPlacement,
                              into path: inout PathBuilder) {
        let addresses = endpointAddresses(endpoint)
        let evaluator = SecurityGroupEvaluator(facts: facts)
        let egress = evaluator.check(taskGroups, .egress, port: 443, peer: .init(
            addresses: addresses, groupIds: endpoint.securityGroupIds,
            name: "\(endpoint.vpcEndpointId) (\(addresses.map(\.description).joined(separator: ", ")))"))
        guard path.add(.taskSecurityGroupEgress, egress) else { return }
        let ingress = evaluator.check(endpoint.securityGroupIds, .ingress, port: 443, peer: taskPeer(placement, taskGroups))
        guard path.add(.endpointSecurityGroup, ingress) else { return }
        path.reached()
    }

    /// The addresses the endpoint answers on: its network interfaces' when known, else its subnets' CIDRs.
    private func endpointAddresses(_ endpoint: VPCEndpoint) -> [IPv4Range] {
        let interfaceAddresses = (endpoint.networkInterfaceIds ?? [])
            .compactMap { facts.networkInterface($0)?.privateIpAddress }
            .compactMap(IPv4Range.init)
        if !interfaceAddresses.isEmpty { return interfaceAddresses }
        return (endpoint.subnetIds ?? []).compactMap { facts.subnet($0)?.cidrBlock }.compactMap(IPv4Range.init)
    }

    private func gatewayPath(_ endpoint: VPCEndpoint, taskGroups: [String], placement: NetworkPlacement,
                             into path: inout PathBuilder) {
        let table = facts.routeTable(forSubnet: placement.subnetId)
        let prefixList = table?.routes?.first { $0.gatewayId == endpoint.vpcEndpointId }?.destinationPrefixListId
        path.pass(.gatewayEndpoint, endpoint.vpcEndpointId,
                  "\(table?.routeTableId ?? "route table") \(prefixList ?? "prefix list") → \(endpoint.vpcEndpointId) (gateway endpoint \(endpoint.serviceName ?? ""))",
                  source: "ec2:DescribeRouteTables")
        let peer = SecurityGroupEvaluator.Peer(prefixListIds: prefixList.map { [$0] } ?? [], isInternet: true,
                                               name: "\(prefixList ?? "the S3 prefix list")")
        let egress = SecurityGroupEvaluator(facts: facts).check(taskGroups, .egress, port: 443, peer: peer)
        guard path.add(.taskSecurityGroupEgress, egress) else { return }
        path.reached()
    }

    // MARK: The internet path

    private func internetPath(from placement: NetworkPlacement, taskGroups: [String], subnet: Subnet,
                              into path: inout PathBuilder) {
        let egress = SecurityGroupEvaluator(facts: facts).check(
            taskGroups, .egress, port: 443, peer: .init(isInternet: true, name: "the internet (0.0.0.0/0)"))
        guard path.add(.taskSecurityGroupEgress, egress) else { return }
        guard let table = routeTable(for: placement.subnetId, vpcId: subnet.vpcId, &path) else { return }
        let routes = (table.routes ?? []).filter { IPv4Range($0.destinationCidrBlock ?? "") != nil }
        let publicRoutes = routes.filter {
            guard let range = IPv4Range($0.destinationCidrBlock ?? "") else { return false }
            return range.prefixLength > 0 && !SecurityGroupEvaluator.isPrivate(range)
        }
        if let specific = publicRoutes.first {
            path.unknown(.unverifiable, table.routeTableId,
                         "\(table.routeTableId) routes part of the internet (\(specific.destination)) separately: which route the service's addresses take is not visible",
                         source: "ec2:DescribeRouteTables")
            return
        }
        guard let route = routes.first(where: { IPv4Range($0.destinationCidrBlock ?? "")?.prefixLength == 0 }) else {
            path.block(.route, table.routeTableId,
                       "\(table.routeTableId) (used by \(placement.subnetId)) has no route to 0.0.0.0/0: no NAT gateway or internet gateway",
                       source: "ec2:DescribeRouteTables")
            return
        }
        if route.state?.lowercased() == "blackhole" {
            path.block(.route, table.routeTableId,
                       "\(table.routeTableId) routes 0.0.0.0/0 to \(route.target), which no longer exists (blackhole)",
                       source: "ec2:DescribeRouteTables")
            return
        }
        if let nat = route.natGatewayId {
            path.pass(.route, table.routeTableId, "\(table.routeTableId) 0.0.0.0/0 → \(nat)", source: "ec2:DescribeRouteTables")
            natPath(nat, vpcId: subnet.vpcId, into: &path)
        } else if let gateway = route.gatewayId, gateway.hasPrefix("igw-") {
            path.pass(.route, table.routeTableId, "\(table.routeTableId) 0.0.0.0/0 → \(gateway)", source: "ec2:DescribeRouteTables")
            switch placement.hasPublicIP {
            case true?:
                path.pass(.publicIP, placement.networkInterfaceId ?? placement.subnetId,
                          "the task has a public IP", source: "ecs:DescribeServices")
                path.pass(.internetGateway, gateway, "\(gateway) attached to \(subnet.vpcId)", source: "ec2:DescribeInternetGateways")
                path.reached()
            case false?:
                path.block(.publicIP, placement.subnetId,
                           "\(placement.subnetId) routes 0.0.0.0/0 to \(gateway) but the task has no public IP (assignPublicIp DISABLED): traffic through an internet gateway needs one",
                           source: "ecs:DescribeServices")
            case nil:
                path.unknown(.publicIP, placement.subnetId, "whether the task had a public IP is not known",
                             missing: "public IP of the task in \(placement.subnetId)", permission: "ecs:DescribeServices")
            }
        } else {
            path.unknown(.unverifiable, route.target,
                         "\(table.routeTableId) routes 0.0.0.0/0 to \(route.target) (transit gateway, peering, VPN or appliance): the path continues beyond what ecs-medic can see",
                         source: "ec2:DescribeRouteTables")
        }
    }

    private func natPath(_ natId: String, vpcId: String, into path: inout PathBuilder) {
        guard let gateways = facts.natGateways else {
            path.unknown(.natGateway, natId, "\(natId) was not described",
                         missing: "NAT gateways of \(vpcId)", permission: "ec2:DescribeNatGateways")
            return
        }
        guard let nat = gateways.first(where: { $0.natGatewayId == natId }) else {
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
        guard let natSubnet = nat.subnetId,
              let table = routeTable(for: natSubnet, vpcId: nat.vpcId ?? vpcId, &path) else { return }
        let defaultRoute = table.routes?.first { IPv4Range($0.destinationCidrBlock ?? "")?.prefixLength == 0 }
        guard let gateway = defaultRoute?.gatewayId, gateway.hasPrefix("igw-"), defaultRoute?.state?.lowercased() != "blackhole" else {
            path.block(.natGateway, natId,
                       "\(natId) sits in \(natSubnet), whose route table \(table.routeTableId) has no route 0.0.0.0/0 to an internet gateway",
                       source: "ec2:DescribeRouteTables")
            return
        }
        let address = nat.natGatewayAddresses?.compactMap(\.publicIp).first
        path.pass(.natGateway, natId, "\(natId) (available\(address.map { ", \($0)" } ?? "")) in \(natSubnet) → \(gateway)",
                  source: "ec2:DescribeNatGateways")
        path.reached()
    }

    // MARK: Databases

    private func databasePath(_ target: DatabaseTarget, from placement: NetworkPlacement, into path: inout PathBuilder) {
        guard let taskGroups = taskGroups(placement, &path) else { return }
        // The database's addresses: its subnets' ranges when known, else every range of its VPC.
        var addresses = target.subnetIds.compactMap { facts.subnet($0)?.cidrBlock }.compactMap(IPv4Range.init)
        if addresses.isEmpty {
            let vpcId = target.securityGroupIds.lazy.compactMap { facts.securityGroup($0)?.vpcId }.first
            addresses = (vpcId.flatMap(facts.vpc)?.ipv4Cidrs ?? []).compactMap(IPv4Range.init)
        }
        let evaluator = SecurityGroupEvaluator(facts: facts)
        let egress = evaluator.check(taskGroups, .egress, port: target.port, peer: .init(
            addresses: addresses, groupIds: target.securityGroupIds,
            name: "\(target.identifier) (\(target.securityGroupIds.joined(separator: ", ")))"))
        guard path.add(.taskSecurityGroupEgress, egress) else { return }
        let ingress = evaluator.check(target.securityGroupIds, .ingress, port: target.port, peer: taskPeer(placement, taskGroups))
        guard path.add(.targetSecurityGroupIngress, ingress) else { return }
        path.reached()
    }

    // MARK: Shared facts

    private func subnet(_ id: String, _ path: inout PathBuilder) -> Subnet? {
        guard let subnet = facts.subnet(id) else {
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
        guard let table = facts.routeTable(forSubnet: subnetId) else {
            path.unknown(.route, subnetId, "no route table of \(vpcId) applies to \(subnetId)",
                         missing: "route table of \(subnetId)", permission: "ec2:DescribeRouteTables")
            return nil
        }
        return table
    }

    /// The task as a security group rule sees it: its address (or its subnet's range) and its groups.
    private func taskPeer(_ placement: NetworkPlacement, _ groups: [String]) -> SecurityGroupEvaluator.Peer {
        let address = placement.privateIP.flatMap(IPv4Range.init)
            ?? facts.subnet(placement.subnetId)?.cidrBlock.flatMap(IPv4Range.init)
        let name = ([placement.privateIP ?? facts.subnet(placement.subnetId)?.cidrBlock] + groups.map(Optional.some))
            .compactMap { $0 }.joined(separator: ", ")
        return .init(addresses: address.map { [$0] } ?? [], groupIds: groups, name: "the task (\(name))")
    }
}
