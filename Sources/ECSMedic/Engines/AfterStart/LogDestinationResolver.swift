/// Resolves a host a container's log names (with the address the runtime printed beside it, if any) against the
/// facts: the task's database or another database (their writer, reader and instance endpoints, or an address in
/// their subnets), an interface endpoint (its DNS names, its service's name with private DNS, its addresses), a name
/// under a private hosted zone of the VPC, another address in the VPC, or none of these.
struct LogDestinationResolver {
    let facts: Facts
    let vpcId: String?
    /// The database the task uses (found by `DatabaseDiscovery`), matched first.
    let database: DatabaseTarget?
    let region: String

    func resolve(host rawHost: String, address: String?) -> LogDestination {
        let host = DNSName.normalized(rawHost)
        let databases = [database].compactMap { $0 }
            + DatabaseDiscovery(facts: facts).allDatabases().filter { $0.identifier != database?.identifier }
        if let target = databases.first(where: { $0.hostNames.contains(host) }) {
            return LogDestination(host: rawHost, kind: .database(target), description: Self.describe(host, of: target))
        }
        if let endpoint = endpoint(named: host) {
            return LogDestination(host: rawHost, kind: .interfaceEndpoint(endpointId: endpoint.id, service: endpoint.service),
                                  description: "the \(endpoint.service) interface endpoint \(endpoint.id)")
        }
        let literal = address ?? host
        if let ip = IPv4Range(literal), ip.prefixLength == 32, !literal.contains("/") {
            return resolve(ip, text: literal, host: rawHost, databases: databases)
        }
        if let vpcId, let zone = facts.privateHostedZones[vpcId]?.first(where: { DNSName.isWithin(host, $0.domain) }) {
            let recorded = facts.resourceRecordSets[zone.id]?.contains { $0.answers(host) } ?? false
            return LogDestination(host: rawHost, kind: .privateZone(zoneId: zone.id, domain: zone.domain, recorded: recorded),
                                  description: "a name in private hosted zone \(zone.domain) (\(zone.id))")
        }
        return LogDestination(host: rawHost, kind: .unknown, description: "a name the facts do not hold")
    }

    private func resolve(_ ip: IPv4Range, text: String, host: String, databases: [DatabaseTarget]) -> LogDestination {
        if let eni = facts.networkInterfaces?.first(where: { $0.privateIpAddress == text }),
           eni.interfaceType == "vpc_endpoint",
           let endpoint = facts.vpcEndpoints?.first(where: { $0.networkInterfaceIds?.contains(eni.networkInterfaceId) == true }) {
            let service = Self.serviceName(endpoint)
            return LogDestination(host: host, kind: .interfaceEndpoint(endpointId: endpoint.vpcEndpointId, service: service),
                                  description: "\(text), an address of the \(service) interface endpoint \(endpoint.vpcEndpointId)")
        }
        for target in databases {
            if let subnet = target.subnetIds.first(where: { contains($0, ip) }) {
                return LogDestination(host: host, kind: .database(target),
                                      description: "\(text), an address in \(subnet), a subnet of \(target.identifier)")
            }
        }
        if let subnet = facts.subnets?.first(where: { $0.vpcId == vpcId && contains($0.subnetId, ip) }) {
            return LogDestination(host: host, kind: .vpcAddress(subnetId: subnet.subnetId),
                                  description: "\(text), an address in \(subnet.subnetId) of \(vpcId ?? "the VPC")")
        }
        return LogDestination(host: host, kind: .unknown, description: "\(text), an address outside the VPC's subnets")
    }

    private func contains(_ subnetId: String, _ ip: IPv4Range) -> Bool {
        guard let cidr = facts.subnet(subnetId)?.cidrBlock, let range = IPv4Range(cidr) else { return false }
        return range.contains(ip)
    }

    /// The interface endpoint of the VPC that answers `host`: one of its own DNS names, or (private DNS on) its
    /// service's regional name.
    private func endpoint(named host: String) -> (id: String, service: String)? {
        for endpoint in facts.vpcEndpoints ?? [] where endpoint.isInterface && (vpcId == nil || endpoint.vpcId == vpcId) {
            let service = Self.serviceName(endpoint)
            let own = (endpoint.dnsEntries ?? []).compactMap(\.dnsName).map(DNSName.normalized)
            let privateName = endpoint.privateDnsEnabled == true ? ["\(service).\(region).amazonaws.com"] : []
            if own.contains(host) || privateName.contains(host) { return (endpoint.vpcEndpointId, service) }
        }
        return nil
    }

    /// `secretsmanager` for `com.amazonaws.<region>.secretsmanager`.
    static func serviceName(_ endpoint: VPCEndpoint) -> String {
        let name = endpoint.serviceName ?? endpoint.vpcEndpointId
        let parts = name.split(separator: ".")
        return parts.count > 3 ? parts.dropFirst(3).joined(separator: ".") : name
    }

    static func describe(_ host: String, of target: DatabaseTarget) -> String {
        if host == target.endpoint?.lowercased() {
            return target.arn?.contains(":cluster:") == true
                ? "the cluster (writer) endpoint of \(target.identifier)" : "the endpoint of \(target.identifier)"
        }
        if host.contains(".cluster-ro-") { return "the reader endpoint of \(target.identifier)" }
        let instance = host.split(separator: ".").first.map(String.init) ?? host
        return "the instance endpoint of \(instance) (\(target.identifier))"
    }
}
