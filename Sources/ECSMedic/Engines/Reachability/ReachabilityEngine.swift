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
        let ipv6Only = isIPv6Only(placement)
        if name == "s3" || name == "dynamodb", let (gateway, list) = gatewayEndpoint(inVPC, subnet: placement.subnetId) {
            if ipv6Only {
                path.unknown(.unverifiable, gateway.vpcEndpointId,
                             "\(placement.subnetId) is IPv6-only: whether gateway endpoint \(gateway.vpcEndpointId) carries the task's IPv6 traffic to \(name) is not modelled",
                             source: "ec2:DescribeRouteTables")
                return
            }
            gatewayPath(gateway, prefixList: list, taskGroups: taskGroups, placement: placement, into: &path)
            return
        }
        let interfaces = inVPC.filter(\.isInterface)
        // An endpoint's private DNS is a zone for the service's own name, more specific than any zone a user can
        // associate next to it (Route 53 refuses one with the same name): only without it does a user's zone decide.
        let ownPrivateDNS = interfaces.contains { $0.isAvailable && $0.privateDnsEnabled == true }
        if !ownPrivateDNS, let host = serviceHost(name, region: region), let zones = facts.privateHostedZones[vpcId],
           let zone = zones.filter({ DNSName.isWithin(host, $0.domain) }).max(by: { $0.domain.count < $1.domain.count }) {
            hostedZonePath(zone, host: host, vpcId: vpcId, taskGroups: taskGroups, placement: placement, into: &path)
            return
        }
        if let interface = interfaces.first(where: \.isAvailable) {
            if ipv6Only, !["dualstack", "ipv6"].contains(interface.ipAddressType?.lowercased() ?? "") {
                path.unknown(.unverifiable, interface.vpcEndpointId,
                             "\(placement.subnetId) is IPv6-only and \(interface.vpcEndpointId) answers on \(interface.ipAddressType.map { "\($0) addresses" } ?? "address families not collected"): the task reaches an IPv4-only endpoint only through DNS64 and NAT64, which ecs-medic does not follow",
                             source: "ec2:DescribeVpcEndpoints")
                return
            }
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
                    hostedZonesUnknown(vpcId: vpcId, subnetId: placement.subnetId, service: name, into: &path)
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
                hostedZonesUnknown(vpcId: vpcId, subnetId: placement.subnetId, service: name, into: &path)
            }
            return
        }
        path.note(.endpoint, vpcId, "no interface endpoint \(serviceNames[0]) in \(vpcId)", source: "ec2:DescribeVpcEndpoints")
        internetPath(from: placement, taskGroups: taskGroups, subnet: subnet, into: &path)
        if path.outcome == .blocked {
            hostedZonesUnknown(vpcId: vpcId, subnetId: placement.subnetId, service: name, into: &path, sharedRoute: true)
        }
    }

    /// A blocked path whose service name might resolve through a private hosted zone ecs-medic could not read: the
    /// verdict becomes `unknown`. When the zones were never asked for (a snapshot without Route 53 calls), a route to
    /// private space beyond the VPC stands in as the sign that a hub VPC's shared endpoint may serve the name.
    /// `sharedRoute`: the VPC has no endpoint for the service, so a zone could only send the name beyond the VPC —
    /// with no route to private space there, no zone can open the path and the block stands.
    private func hostedZonesUnknown(vpcId: String, subnetId: String, service: String, into path: inout PathBuilder,
                                    sharedRoute: Bool = false) {
        if facts.privateHostedZonesFailed.contains(vpcId), sharedRoute, sharedEndpointRoute(subnetId: subnetId) == nil {
            path.note(.endpointDNS, vpcId,
                      "the private hosted zones of \(vpcId) could not be listed, but \(vpcId) has no \(service) endpoint and \(subnetId) no route beyond the VPC to private space: no zone could make \(service) reachable",
                      source: "route53:ListHostedZonesByVPC")
        } else if facts.privateHostedZonesFailed.contains(vpcId) {
            path.unknown(.endpointDNS, vpcId,
                         "the private hosted zones of \(vpcId) could not be listed: one may point \(service)'s name at an endpoint (shared from another VPC or with private DNS off)",
                         missing: "private hosted zones of \(vpcId)", permission: "route53:ListHostedZonesByVPC")
        } else if sharedRoute, facts.privateHostedZones[vpcId] == nil, let shared = sharedEndpointRoute(subnetId: subnetId) {
            path.unknown(.unverifiable, shared.target,
                         "\(vpcId) has no \(service) endpoint of its own, but routes \(shared.destination) to \(shared.target), and its private hosted zones were not collected: an endpoint shared from another VPC through a Route 53 private hosted zone may serve it",
                         source: "ec2:DescribeRouteTables")
        }
    }

    /// The host name a service is called at, as a private hosted zone would have to answer it; nil when it is not one
    /// fixed name (S3 and DynamoDB, reached through gateway endpoints or bucket names).
    private func serviceHost(_ name: String, region: String) -> String? {
        let suffix = region.hasPrefix("cn-") ? "amazonaws.com.cn" : "amazonaws.com"
        switch name {
        case "s3", "dynamodb": return nil
        case "ecr.api": return "api.ecr.\(region).\(suffix)"
        case "ecr.dkr": return facts.account.map { "\($0).dkr.ecr.\(region).\(suffix)" }
        default: return "\(name).\(region).\(suffix)"
        }
    }

    /// Resolution through a private hosted zone named for the service's host or a parent domain: the zone answers for
    /// every name under it, so a name it has no record for does not resolve in the VPC (Route 53 Resolver answers
    /// NXDOMAIN rather than asking public DNS).
    private func hostedZonePath(_ zone: PrivateHostedZone, host: String, vpcId: String, taskGroups: [String],
                                placement: NetworkPlacement, into path: inout PathBuilder) {
        let zoneName = "\(zone.domain) (\(zone.id))"
        let source = "route53:ListResourceRecordSets"
        guard let records = facts.resourceRecordSets[zone.id] else {
            path.unknown(.endpointDNS, zone.id,
                         "private hosted zone \(zoneName) is associated with \(vpcId) but its records were not collected",
                         missing: "records of hosted zone \(zone.id)", permission: source)
            return
        }
        let answering = records.filter { ["A", "AAAA", "CNAME"].contains($0.type.uppercased()) && $0.answers(host) }
        guard let record = answering.first(where: { DNSName.normalized($0.name) == host })
            ?? answering.max(by: { $0.name.count < $1.name.count }) else {
            path.block(.endpointDNS, zone.id,
                       "private hosted zone \(zoneName), associated with \(vpcId), has no record for \(host): the name does not resolve in \(vpcId)",
                       source: source)
            return
        }
        guard let target = record.target else {
            let values = (record.resourceRecords ?? []).map(\.value).joined(separator: ", ")
            path.unknown(.unverifiable, zone.id,
                         "private hosted zone \(zoneName) answers \(host) with \(record.type) \(values): where those addresses lead is not followed",
                         source: source)
            return
        }
        guard let endpointId = Self.endpointId(inDNSName: target) else {
            path.unknown(.unverifiable, zone.id,
                         "private hosted zone \(zoneName) points \(host) to \(target), which is not an interface endpoint's name: ecs-medic does not follow it",
                         source: source)
            return
        }
        guard let endpoint = (index.endpointsByVPC[vpcId] ?? []).first(where: { $0.vpcEndpointId == endpointId }) else {
            path.unknown(.unverifiable, endpointId,
                         "private hosted zone \(zoneName) points \(host) to \(endpointId), an endpoint outside \(vpcId) (shared from another VPC): it answers only if peering or transit gateway routes and its security groups admit the task, which ecs-medic cannot see",
                         source: source)
            return
        }
        path.pass(.endpointDNS, zone.id, "private hosted zone \(zoneName) points \(host) to \(endpointId) in \(vpcId)",
                  source: source, label: "\(zone.id) → \(endpointId)")
        guard endpoint.isAvailable else {
            path.block(.endpoint, endpointId,
                       "\(endpointId) is \(endpoint.state ?? "not available"), and private hosted zone \(zoneName) sends \(host) there",
                       source: "ec2:DescribeVpcEndpoints")
            return
        }
        endpointPath(endpoint, taskGroups: taskGroups, placement: placement, into: &path)
    }

    /// The endpoint id in an interface endpoint's DNS name: `vpce-0a1b2c-x1y2.secretsmanager...` → `vpce-0a1b2c`.
    static func endpointId(inDNSName name: String) -> String? {
        let label = (name.hasPrefix("*.") ? name.dropFirst(2) : Substring(name)).split(separator: ".").first ?? ""
        let parts = label.split(separator: "-")
        guard parts.count >= 2, parts[0] == "vpce", parts[1].allSatisfy(\.isHexDigit) else { return nil }
        return "vpce-\(parts[1])"
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
        let ipv6Only = isIPv6Only(placement)
        let addresses = ipv6Only ? [] : endpointAddresses(endpoint, in: chosenSubnet)
        let ipv6Addresses = ipv6Only ? endpointIPv6Addresses(endpoint, in: chosenSubnet) : []
        let evaluator = SecurityGroupEvaluator(index: index)
        let listed = addresses.map(\.description) + ipv6Addresses.map(\.description)
        let name = "\(endpoint.vpcEndpointId) (\(listed.joined(separator: ", ")))"
        var sgPeer = SecurityGroupEvaluator.Peer(addresses: addresses, groupIds: endpoint.securityGroupIds, name: name)
        sgPeer.ipv6Addresses = ipv6Addresses
        sgPeer.isIPv6 = ipv6Only
        let egress = evaluator.check(taskGroups, .egress, port: 443, peer: sgPeer)
        guard path.add(.taskSecurityGroupEgress, egress) else { return }
        // Private DNS answers with the endpoint's addresses in every subnet it has, in no fixed order: the ACLs must
        // pass the connection to each of them, the task's own AZ first.
        let servers = ([chosenSubnet] + endpointSubnets.filter { $0 != chosenSubnet }.map(Optional.some)).map { subnetId in
            let here = ipv6Only ? [] : endpointAddresses(endpoint, in: subnetId)
            let hereIPv6 = ipv6Only ? endpointIPv6Addresses(endpoint, in: subnetId) : []
            let listed = here.map(\.description) + hereIPv6.map(\.description)
            return NACLEnd(subnetId: subnetId,
                           peer: aclPeer(here, hereIPv6, ipv6: ipv6Only, name: "\(endpoint.vpcEndpointId) (\(listed.joined(separator: ", ")))"),
                           ephemeralPorts: NetworkPlacement.linuxEphemeralPorts)
        }
        let task = taskEnd(placement)
        guard crossNACLs(servers.map { (task, $0) }, port: 443, into: &path) else { return }
        guard inVPCRoute(from: placement.subnetId, to: addresses, ipv6: ipv6Addresses, name: name, into: &path) else { return }
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

    /// The IPv6 addresses the endpoint answers on in a subnet (dual-stack and IPv6 endpoints): its network
    /// interfaces' when known, else the subnet's IPv6 ranges.
    private func endpointIPv6Addresses(_ endpoint: VPCEndpoint, in subnetId: String?) -> [IPv6Range] {
        let interfaces = (endpoint.networkInterfaceIds ?? []).compactMap { index.networkInterfaces[$0] }
        let inSubnet = interfaces.filter { subnetId == nil || $0.subnetId == subnetId }
        let addresses = (inSubnet.isEmpty ? interfaces : inSubnet).flatMap { $0.ipv6Addresses ?? [] }
            .compactMap(\.ipv6Address).compactMap(IPv6Range.init)
        if !addresses.isEmpty { return addresses }
        return (subnetId.map { [$0] } ?? (endpoint.subnetIds ?? [])).flatMap(ipv6Ranges(ofSubnet:))
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
        if subnet.isIPv6Only {
            internetPathIPv6(from: placement, taskGroups: taskGroups, subnet: subnet, into: &path)
            return
        }
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
            guard crossNACLs(client: NACLEnd(subnetId: nil, peer: task.peer, ephemeralPorts: task.ephemeralPorts, ruleSubnetId: placement.subnetId),
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

    // MARK: The IPv6 internet path

    /// An IPv6-only task reaches a public name in one of two ways, depending on the addresses DNS returns: a name
    /// with IPv6 addresses (a dual-stack endpoint) takes `::/0` to an egress-only or internet gateway; a name with
    /// only IPv4 addresses gets a synthesised `64:ff9b::/96` address from DNS64 and takes that route to a NAT gateway
    /// (NAT64). Which name the caller resolves is not visible, so the verdict is `reachable` only when both ways are
    /// open, `blocked` when no way out exists or every existing way is blocked, and `unknown` otherwise.
    private func internetPathIPv6(from placement: NetworkPlacement, taskGroups: [String], subnet: Subnet,
                                  into path: inout PathBuilder) {
        let internetName = "the internet (::/0)"
        var sgPeer = SecurityGroupEvaluator.Peer(isInternet: true, name: internetName)
        sgPeer.isIPv6 = true
        let egress = SecurityGroupEvaluator(index: index).check(taskGroups, .egress, port: 443, peer: sgPeer)
        guard path.add(.taskSecurityGroupEgress, egress) else { return }
        var internet = NetworkACLEvaluator.Peer(isInternet: true, name: internetName)
        internet.isIPv6 = true
        guard crossNACLs(client: taskEnd(placement), server: NACLEnd(subnetId: nil, peer: internet,
                                                                     ephemeralPorts: NetworkPlacement.linuxEphemeralPorts),
                         port: 443, into: &path) else { return }
        guard let table = routeTable(for: placement.subnetId, vpcId: subnet.vpcId, &path),
              let lookup = index.routeLookups[table.routeTableId] else { return }
        let tableId = table.routeTableId
        if let specific = lookup.publicSpecificIPv6Routes.first {
            path.unknown(.unverifiable, tableId,
                         "\(tableId) routes part of the IPv6 internet (\(specific.destination) → \(specific.target)) separately: which route the service's addresses take is not visible",
                         source: "ec2:DescribeRouteTables")
            return
        }
        let defaultRoute = lookup.route(to: IPv6Range.everything)
        let nat64Route = lookup.route(to: IPv6Range.nat64).flatMap { $0.natGatewayId != nil ? $0 : nil }
        let dns64 = subnet.enableDns64 == true
        var viaGateway = path, viaNAT64 = path
        if let defaultRoute {
            ipv6GatewayPath(defaultRoute, table: tableId, vpcId: subnet.vpcId, into: &viaGateway)
        }
        if let nat64Route, let nat = nat64Route.natGatewayId, dns64 {
            if nat64Route.state?.lowercased() == "blackhole" {
                viaNAT64.block(.route, tableId, "\(tableId) routes 64:ff9b::/96 to \(nat), which no longer exists (blackhole)",
                               source: "ec2:DescribeRouteTables")
            } else {
                viaNAT64.pass(.route, tableId, "\(tableId) 64:ff9b::/96 → \(nat) (NAT64; DNS64 on in \(placement.subnetId))",
                              source: "ec2:DescribeRouteTables", label: "\(tableId) 64:ff9b::/96 → \(nat)")
                natPath(nat, vpcId: subnet.vpcId, placement: placement, into: &viaNAT64)
            }
        }
        let what = path.need.displayName
        switch (defaultRoute != nil, nat64Route != nil && dns64) {
        case (false, false):
            let nat64 = nat64Route != nil
                ? "and DNS64 is off in \(placement.subnetId), so its NAT64 route 64:ff9b::/96 → \(nat64Route?.target ?? "") is never used"
                : "and no NAT64 route 64:ff9b::/96 to a NAT gateway"
            path.block(.route, tableId,
                       "\(tableId) (used by the IPv6-only subnet \(placement.subnetId)) has no route ::/0 to an egress-only or internet gateway \(nat64)",
                       source: "ec2:DescribeRouteTables")
        case (true, false):
            path = viaGateway
            if path.outcome == .reachable {
                path.unknown(.unverifiable, tableId,
                             "over ::/0 the task reaches \(what) only at a name with IPv6 addresses (a dual-stack endpoint); a name with only IPv4 addresses needs DNS64 in \(placement.subnetId) and a route 64:ff9b::/96 to a NAT gateway (NAT64): which name is used is not visible",
                             source: "ec2:DescribeRouteTables")
            }
        case (false, true):
            path = viaNAT64
            if path.outcome == .reachable {
                path.unknown(.unverifiable, tableId,
                             "through NAT64 the task reaches \(what) only at a name with IPv4 addresses alone; a dual-stack name answers with IPv6 addresses, which need a route ::/0 to an egress-only or internet gateway: which name is used is not visible",
                             source: "ec2:DescribeRouteTables")
            }
        case (true, true):
            if viaGateway.outcome == viaNAT64.outcome {
                path = viaGateway
                return
            }
            let gatewayOpen = viaGateway.outcome != .blocked
            path = gatewayOpen ? viaGateway : viaNAT64
            let other = gatewayOpen ? viaNAT64 : viaGateway
            if path.outcome == .reachable, let hop = other.verdict.decidingHop {
                path.unknown(.unverifiable, hop.resource,
                             "names resolved the other way (\(gatewayOpen ? "IPv4-only names through NAT64" : "IPv6 addresses over ::/0")) are blocked: \(hop.detail)",
                             source: hop.source)
            }
        }
    }

    /// `::/0` to an egress-only internet gateway (outbound IPv6 only; a deleted one leaves a blackhole route) or to an
    /// internet gateway (IPv6 addresses are public: no public IP is needed).
    private func ipv6GatewayPath(_ route: RouteTable.Route, table: String, vpcId: String, into path: inout PathBuilder) {
        if route.state?.lowercased() == "blackhole" {
            path.block(.route, table, "\(table) routes ::/0 to \(route.target), which no longer exists (blackhole)",
                       source: "ec2:DescribeRouteTables")
        } else if let gateway = route.egressOnlyInternetGatewayId {
            path.pass(.route, table, "\(table) ::/0 → \(gateway)", source: "ec2:DescribeRouteTables", label: "\(table) ::/0 → \(gateway)")
            path.pass(.internetGateway, gateway, "\(gateway) (egress-only internet gateway: outbound IPv6 only) is the route's target",
                      source: "ec2:DescribeRouteTables")
            path.reached()
        } else if let gateway = route.gatewayId, gateway.hasPrefix("igw-") {
            path.pass(.route, table, "\(table) ::/0 → \(gateway)", source: "ec2:DescribeRouteTables", label: "\(table) ::/0 → \(gateway)")
            internetGateway(gateway, vpcId: vpcId, into: &path)
        } else {
            path.unknown(.unverifiable, route.target,
                         "\(table) routes ::/0 to \(route.target) (\(Self.targetKind(route))): the path continues beyond what ecs-medic can see",
                         source: "ec2:DescribeRouteTables")
        }
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
        // An IPv6-only task reaches a dual-stack database at its IPv6 addresses, in its subnets' IPv6 ranges.
        let ipv6Only = isIPv6Only(placement)
        var ipv6Addresses: [IPv6Range] = []
        if ipv6Only {
            ipv6Addresses = target.subnetIds.flatMap(ipv6Ranges(ofSubnet:))
            if target.subnetIds.isEmpty {
                let vpcId = target.securityGroupIds.lazy.compactMap { index.securityGroups[$0]?.vpcId }.first
                ipv6Addresses = (vpcId.flatMap { index.vpcs[$0] }?.ipv6CidrBlockAssociationSet ?? [])
                    .compactMap(\.ipv6CidrBlock).compactMap(IPv6Range.init)
            }
            guard !ipv6Addresses.isEmpty else {
                path.unknown(.unverifiable, target.identifier,
                             "\(placement.subnetId) is IPv6-only and the subnets of \(target.identifier) have no IPv6 range: the task reaches an IPv4-only database only through DNS64 and NAT64, which ecs-medic does not follow",
                             source: "ec2:DescribeSubnets")
                return
            }
            addresses = []
        }
        let evaluator = SecurityGroupEvaluator(index: index)
        let name = "\(target.identifier) (\(target.securityGroupIds.joined(separator: ", ")))"
        var peer = SecurityGroupEvaluator.Peer(addresses: addresses, groupIds: target.securityGroupIds, name: name)
        peer.ipv6Addresses = ipv6Addresses
        peer.isIPv6 = ipv6Only
        let egress = evaluator.check(taskGroups, .egress, port: target.port, peer: peer)
        guard path.add(.taskSecurityGroupEgress, egress) else { return }
        // The writer may sit in any subnet of its group (and moves on failover): each subnet's ACL must admit it.
        let servers = target.subnetIds.map { subnetId in
            let cidr = index.subnets[subnetId]?.cidrBlock.flatMap(IPv4Range.init).map { [$0] } ?? addresses
            let cidrIPv6 = ipv6Ranges(ofSubnet: subnetId)
            return NACLEnd(subnetId: subnetId,
                           peer: aclPeer(cidr, cidrIPv6, ipv6: ipv6Only, name: "\(target.identifier) in \(subnetId)"),
                           ephemeralPorts: NetworkPlacement.linuxEphemeralPorts)
        }
        let task = taskEnd(placement)
        guard crossNACLs(servers.map { (task, $0) }, port: target.port, into: &path) else { return }
        guard inVPCRoute(from: placement.subnetId, to: addresses, ipv6: ipv6Addresses, name: name, into: &path) else { return }
        let ingress = evaluator.check(target.securityGroupIds, .ingress, port: target.port, peer: taskPeer(placement, taskGroups))
        guard path.add(.targetSecurityGroupIngress, ingress) else { return }
        path.reached()
    }

    /// Health checks run from the load balancer's nodes in each of its subnets to the task's container port.
    private func loadBalancerPath(_ target: LoadBalancerTarget, to placement: NetworkPlacement, into path: inout PathBuilder) {
        guard let taskGroups = taskGroups(placement, &path) else { return }
        let evaluator = SecurityGroupEvaluator(index: index)
        // An IPv6-only task is probed over IPv6 by a dual-stack load balancer, from its subnets' IPv6 ranges.
        let ipv6Only = isIPv6Only(placement)
        let lbAddresses = ipv6Only ? [] : target.subnetIds.compactMap { index.subnets[$0]?.cidrBlock }.compactMap(IPv4Range.init)
        let lbIPv6Addresses = ipv6Only ? target.subnetIds.flatMap(ipv6Ranges(ofSubnet:)) : []
        if ipv6Only, lbIPv6Addresses.isEmpty {
            path.unknown(.unverifiable, target.name,
                         "\(placement.subnetId) is IPv6-only and the subnets of \(target.name) have no IPv6 range known: where its health checks come from is not visible",
                         source: "ec2:DescribeSubnets")
            return
        }
        if !target.securityGroupIds.isEmpty {
            let egress = evaluator.check(target.securityGroupIds, .egress, port: target.port, peer: taskPeer(placement, taskGroups))
            guard path.add(.loadBalancerSecurityGroupEgress, egress) else { return }
        }
        let clients = target.subnetIds.map { subnetId in
            let cidr = index.subnets[subnetId]?.cidrBlock.flatMap(IPv4Range.init).map { [$0] } ?? []
            return NACLEnd(subnetId: subnetId,
                           peer: aclPeer(cidr, ipv6Ranges(ofSubnet: subnetId), ipv6: ipv6Only, name: "\(target.name) in \(subnetId)"),
                           ephemeralPorts: NetworkACLEvaluator.recommendedEphemeralPorts)
        }
        let task = taskEnd(placement)
        guard crossNACLs(clients.map { ($0, task) }, port: target.port, into: &path) else { return }
        let ranges = lbAddresses.map(\.description) + lbIPv6Addresses.map(\.description)
        var lbPeer = SecurityGroupEvaluator.Peer(
            addresses: lbAddresses, groupIds: target.securityGroupIds,
            name: "\(target.name) (\((target.securityGroupIds.isEmpty ? ranges : target.securityGroupIds).joined(separator: ", ")))")
        lbPeer.ipv6Addresses = lbIPv6Addresses
        lbPeer.isIPv6 = ipv6Only
        let ingress = evaluator.check(taskGroups, .ingress, port: target.port, peer: lbPeer)
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
        let ipv6Only = isIPv6Only(placement)
        let addresses = ipv6Only ? [] : (target.ipAddress.flatMap(IPv4Range.init).map { [$0] })
            ?? target.subnetId.flatMap { index.subnets[$0]?.cidrBlock }.flatMap(IPv4Range.init).map { [$0] } ?? []
        let ipv6Addresses = ipv6Only ? target.ipv6Address.flatMap(IPv6Range.init).map { [$0] } ?? ipv6Ranges(ofSubnet: target.subnetId) : []
        if ipv6Only, ipv6Addresses.isEmpty {
            path.unknown(.unverifiable, target.mountTargetId,
                         "\(placement.subnetId) is IPv6-only and \(target.mountTargetId) has no IPv6 address known: the task reaches an IPv4-only mount target only through DNS64 and NAT64, which ecs-medic does not follow",
                         source: "elasticfilesystem:DescribeMountTargets")
            return
        }
        let name = "\(target.mountTargetId) (\(groups.joined(separator: ", ")))"
        let evaluator = SecurityGroupEvaluator(index: index)
        var peer = SecurityGroupEvaluator.Peer(addresses: addresses, groupIds: groups, name: name)
        peer.ipv6Addresses = ipv6Addresses
        peer.isIPv6 = ipv6Only
        let egress = evaluator.check(taskGroups, .egress, port: 2049, peer: peer)
        guard path.add(.taskSecurityGroupEgress, egress) else { return }
        let server = NACLEnd(subnetId: target.subnetId, peer: aclPeer(addresses, ipv6Addresses, ipv6: ipv6Only, name: name),
                             ephemeralPorts: NetworkPlacement.linuxEphemeralPorts)
        guard crossNACLs(client: taskEnd(placement), server: server, port: 2049, into: &path) else { return }
        guard inVPCRoute(from: placement.subnetId, to: addresses, ipv6: ipv6Addresses, name: name, into: &path) else { return }
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
        /// The subnet whose range an ACL rule names for this end, when it is not `subnetId` (a task seen from its NAT
        /// gateway's subnet: its own ACL is not crossed, but its address changes with every task).
        var ruleSubnetId: String?
    }

    /// The ACLs a connection crosses: the client's subnet (request out, return in) and the server's (request in,
    /// return out). Traffic that stays inside one subnet crosses none. Returns true when the path goes on.
    private func crossNACLs(client: NACLEnd, server: NACLEnd, port: Int, into path: inout PathBuilder) -> Bool {
        crossNACLs([(client, server)], port: port, into: &path)
    }

    /// Every connection of `pairs` at once (a name that resolves to addresses in several subnets, a database or
    /// load balancer spread over subnets): a block in any blocks the path, and the hop carries the requirements of
    /// all of them, so that a fix admits every subnet, not only the first one found blocked.
    private func crossNACLs(_ pairs: [(client: NACLEnd, server: NACLEnd)], port: Int, into path: inout PathBuilder) -> Bool {
        var requirements: [NACLRequirement] = []
        for (client, server) in pairs {
            if let clientSubnet = client.subnetId, clientSubnet == server.subnetId { continue }
            if let clientSubnet = client.subnetId {
                requirements.append(NACLRequirement(subnetId: clientSubnet, egress: true, ports: port...port, peer: server.peer, cidrs: ruleCIDRs(server)))
                requirements.append(NACLRequirement(subnetId: clientSubnet, egress: false, ports: client.ephemeralPorts, peer: server.peer, cidrs: ruleCIDRs(server)))
            }
            if let serverSubnet = server.subnetId {
                requirements.append(NACLRequirement(subnetId: serverSubnet, egress: false, ports: port...port, peer: client.peer, cidrs: ruleCIDRs(client)))
                requirements.append(NACLRequirement(subnetId: serverSubnet, egress: true, ports: client.ephemeralPorts, peer: client.peer, cidrs: ruleCIDRs(client)))
            }
        }
        for requirement in requirements {
            guard naclHop(requirement.subnetId, egress: requirement.egress, ports: requirement.ports, peer: requirement.peer, into: &path) else {
                path.requireLastHop(requirements)
                return false
            }
            if path.hops.last?.warning != nil { path.requireLastHop(requirements) }
        }
        return true
    }

    /// The CIDRs an ACL rule admitting this end names: its subnet's range (task addresses change), the internet,
    /// or its own addresses.
    private func ruleCIDRs(_ end: NACLEnd) -> [String] {
        if let cidr = (end.ruleSubnetId ?? end.subnetId).flatMap({ index.subnets[$0]?.cidrBlock }) { return [cidr] }
        if end.peer.isInternet { return ["0.0.0.0/0"] }
        // Addresses in a subnet that was not collected (an endpoint's ENIs): the VPC range holding them, which
        // stays right when the endpoint is recreated with new addresses.
        let vpcRanges = index.vpcs.keys.sorted().compactMap { index.vpcs[$0] }.flatMap(\.ipv4Cidrs).compactMap(IPv4Range.init)
        if !end.peer.addresses.isEmpty,
           let vpc = vpcRanges.first(where: { range in end.peer.addresses.allSatisfy { range.contains($0) } }) {
            return [vpc.description]
        }
        return end.peer.addresses.map(\.description)
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
    private func inVPCRoute(from subnetId: String, to addresses: [IPv4Range], ipv6 ipv6Addresses: [IPv6Range] = [],
                            name: String, into path: inout PathBuilder) -> Bool {
        guard let table = index.routeTable(forSubnet: subnetId), let lookup = index.routeLookups[table.routeTableId] else {
            return true
        }
        // Traffic that stays inside the subnet is never routed.
        let ownRange = index.subnets[subnetId]?.cidrBlock.flatMap(IPv4Range.init)
        let ownIPv6 = ipv6Ranges(ofSubnet: subnetId)
        var routes: [RouteTable.Route] = []
        for address in addresses where ownRange?.contains(address) != true {
            routes += (lookup.route(to: address).map { [$0] } ?? []) + lookup.routes(inside: address).filter { route in
                guard let range = route.destinationCidrBlock.flatMap(IPv4Range.init) else { return true }
                return ownRange?.contains(range) != true
            }
        }
        for address in ipv6Addresses where !ownIPv6.contains(where: { $0.contains(address) }) {
            routes += (lookup.route(to: address).map { [$0] } ?? []) + lookup.routes(inside: address).filter { route in
                guard let range = route.destinationIpv6CidrBlock.flatMap(IPv6Range.init) else { return true }
                return !ownIPv6.contains { $0.contains(range) }
            }
        }
        if let route = routes.first(where: { $0.gatewayId != "local" }) {
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

    /// The task's IPv6 address, else its subnet's IPv6 ranges.
    private func taskIPv6Addresses(_ placement: NetworkPlacement) -> [IPv6Range] {
        placement.ipv6Address.flatMap(IPv6Range.init).map { [$0] } ?? ipv6Ranges(ofSubnet: placement.subnetId)
    }

    /// True when the task's subnet is IPv6-only: every connection it opens runs over IPv6. Tasks in dual-stack
    /// subnets are checked over IPv4, the family AWS service names without a dual-stack suffix resolve to.
    private func isIPv6Only(_ placement: NetworkPlacement) -> Bool {
        index.subnets[placement.subnetId]?.isIPv6Only == true
    }

    private func ipv6Ranges(ofSubnet subnetId: String?) -> [IPv6Range] {
        subnetId.flatMap { index.subnets[$0] }?.ipv6Cidrs.compactMap(IPv6Range.init) ?? []
    }

    /// How evidence names the task: its address, else its subnet's range(s), else the subnet.
    private func taskAddressName(_ placement: NetworkPlacement) -> String {
        if isIPv6Only(placement) {
            return placement.ipv6Address ?? index.subnets[placement.subnetId].map { $0.ipv6Cidrs.joined(separator: ", ") }
                ?? placement.subnetId
        }
        return placement.privateIP ?? index.subnets[placement.subnetId]?.cidrBlock ?? placement.subnetId
    }

    private func aclPeer(_ addresses: [IPv4Range], _ ipv6Addresses: [IPv6Range], ipv6: Bool,
                         name: String) -> NetworkACLEvaluator.Peer {
        var peer = NetworkACLEvaluator.Peer(addresses: addresses, name: name)
        peer.ipv6Addresses = ipv6Addresses
        peer.isIPv6 = ipv6
        return peer
    }

    private func taskEnd(_ placement: NetworkPlacement) -> NACLEnd {
        let ipv6 = isIPv6Only(placement)
        return NACLEnd(subnetId: placement.subnetId,
                       peer: aclPeer(ipv6 ? [] : taskAddresses(placement), ipv6 ? taskIPv6Addresses(placement) : [], ipv6: ipv6,
                                     name: "the task (\(taskAddressName(placement)))"),
                       ephemeralPorts: placement.ephemeralPorts)
    }

    /// The task as a security group rule sees it: its address (or its subnet's range) and its groups.
    private func taskPeer(_ placement: NetworkPlacement, _ groups: [String]) -> SecurityGroupEvaluator.Peer {
        let ipv6 = isIPv6Only(placement)
        let name = ([taskAddressName(placement)] + groups).joined(separator: ", ")
        var peer = SecurityGroupEvaluator.Peer(addresses: ipv6 ? [] : taskAddresses(placement), groupIds: groups,
                                               name: "the task (\(name))")
        peer.ipv6Addresses = ipv6 ? taskIPv6Addresses(placement) : []
        peer.isIPv6 = ipv6
        return peer
    }
}

/// The source ports a NAT gateway uses for the connections it translates (AWS: 1024-65535).
enum NATGatewayPorts {
    static let range = 1024...65535
}
