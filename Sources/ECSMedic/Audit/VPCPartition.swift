/// The network facts of an account split by VPC, built once per audit, so that each service is diagnosed
/// against its own VPC's subnets, route tables, endpoints, security groups, ACLs and gateways only: the cost
/// per service then stays the same however many VPCs the account has. A resource without a VPC id (or a
/// service whose VPC is unknown) keeps the whole account's facts.
struct VPCPartition {
    private var byVPC: [String: Facts] = [:]
    private let subnetVPC: [String: String]

    init(_ facts: Facts) {
        subnetVPC = Dictionary((facts.subnets ?? []).map { ($0.subnetId, $0.vpcId) }, uniquingKeysWith: { first, _ in first })
        let vpcIds = Set(subnetVPC.values)
        guard vpcIds.count > 1 else { return }
        func split<Element>(_ list: [Element]?, _ vpc: (Element) -> [String]?) -> [String: [Element]]? {
            guard let list else { return nil }
            var parts: [String: [Element]] = Dictionary(uniqueKeysWithValues: vpcIds.map { ($0, []) })
            for element in list {
                // Unknown VPC: the element goes to every part, as the whole-account facts would have it.
                for id in vpc(element) ?? Array(vpcIds) { parts[id, default: []].append(element) }
            }
            return parts
        }
        let subnets = split(facts.subnets) { [$0.vpcId] }
        let routeTables = split(facts.routeTables) { $0.vpcId.map { [$0] } }
        let vpcs = split(facts.vpcs) { [$0.vpcId] }
        let endpoints = split(facts.vpcEndpoints) { $0.vpcId.map { [$0] } }
        let groups = split(facts.securityGroups) { $0.vpcId.map { [$0] } }
        let acls = split(facts.networkACLs) { $0.vpcId.map { [$0] } }
        let nats = split(facts.natGateways) { $0.vpcId.map { [$0] } }
        let gateways = split(facts.internetGateways) { gateway in gateway.attachments?.compactMap(\.vpcId) }
        let interfaces = split(facts.networkInterfaces) { $0.vpcId.map { [$0] } }
        for id in vpcIds {
            var own = facts
            own.subnets = subnets?[id]
            own.routeTables = routeTables?[id]
            own.vpcs = vpcs?[id]
            own.vpcEndpoints = endpoints?[id]
            own.securityGroups = groups?[id]
            own.networkACLs = acls?[id]
            own.natGateways = nats?[id]
            own.internetGateways = gateways?[id]
            own.networkInterfaces = interfaces?[id]
            byVPC[id] = own
        }
    }

    /// The facts to diagnose a service with: its VPC's, when all its subnets are in one known VPC; and their
    /// partition's key (the VPC id, or "" for the whole account's facts).
    func facts(for service: ECSService, in facts: Facts) -> (partition: String, facts: Facts) {
        let deployment = service.deployments?.first { $0.status == "PRIMARY" } ?? service.deployments?.first
        let subnets = (deployment?.networkConfiguration ?? service.networkConfiguration)?.awsvpcConfiguration?.subnets ?? []
        let vpcs = Set(subnets.compactMap { subnetVPC[$0] })
        guard vpcs.count == 1, subnets.count == subnets.compactMap({ subnetVPC[$0] }).count,
              let id = vpcs.first, let own = byVPC[id] else { return ("", facts) }
        return (id, own)
    }
}
