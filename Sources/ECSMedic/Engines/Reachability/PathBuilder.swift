/// Accumulates the hops of one path walk and its outcome.
struct PathBuilder {
    let need: NetworkNeed
    let subnetId: String
    let origin: String
    private(set) var hops: [PathHop] = []
    private(set) var outcome: PathVerdict.Outcome = .unknown
    private(set) var unverified: [UnverifiedFact] = []
    /// Set while checking an endpoint's DNS: what disables it, should the internet path also fail.
    var dnsBlocker: String?
    var dnsDetail: String?

    init(need: NetworkNeed, placement: NetworkPlacement) {
        self.need = need
        subnetId = placement.subnetId
        let address = [placement.privateIP, placement.subnetId].compactMap { $0 }.joined(separator: ", ")
        origin = placement.networkInterfaceId.map { "\($0) (\(address))" } ?? address
    }

    var verdict: PathVerdict {
        PathVerdict(need: need, subnetId: subnetId, origin: origin, outcome: outcome, hops: hops, unverified: unverified)
    }

    mutating func pass(_ kind: PathHop.Kind, _ resource: String, _ detail: String, source: String, label: String? = nil) {
        hops.append(PathHop(kind, resource, detail, passes: true, source: source, label: label))
    }

    /// Attaches the network ACL requirements of the connection to the last hop recorded.
    mutating func requireLastHop(_ requirements: [NACLRequirement]) {
        guard !hops.isEmpty else { return }
        hops[hops.count - 1].naclRequirements = requirements
    }

    /// Adds a warning to the last hop recorded.
    mutating func warnLastHop(_ warning: String) {
        guard !hops.isEmpty else { return }
        hops[hops.count - 1].warning = warning
    }

    /// Records a hop that decides nothing on its own (an absent endpoint before the internet path is walked).
    mutating func note(_ kind: PathHop.Kind, _ resource: String, _ detail: String, source: String) {
        var hop = PathHop(kind, resource, detail, passes: true, source: source)
        hop.isNote = true
        hops.append(hop)
    }

    mutating func block(_ kind: PathHop.Kind, _ resource: String, _ detail: String, source: String, label: String? = nil) {
        hops.append(PathHop(kind, resource, detail, passes: false, source: source, label: label))
        outcome = .blocked
    }

    mutating func unknown(_ kind: PathHop.Kind, _ resource: String, _ detail: String, source: String, label: String? = nil) {
        hops.append(PathHop(kind, resource, detail, passes: nil, source: source, label: label))
        outcome = .unknown
    }

    /// An unknown hop caused by a fact that was not collected.
    mutating func unknown(_ kind: PathHop.Kind, _ resource: String, _ detail: String, missing fact: String,
                          permission: String) {
        unknown(kind, resource, detail, source: permission)
        unverified.append(UnverifiedFact(fact: fact, reason: "not collected", permission: permission))
    }

    mutating func reached() {
        outcome = .reachable
    }

    /// Adds a security group verdict as a hop; returns true when the path goes on.
    mutating func add(_ kind: PathHop.Kind, _ result: SecurityGroupEvaluator.Result) -> Bool {
        switch result.passes {
        case true?:
            pass(kind, result.resource, result.detail, source: "ec2:DescribeSecurityGroups", label: result.label)
            return true
        case false?:
            block(kind, result.resource, result.detail, source: "ec2:DescribeSecurityGroups", label: result.label)
        case nil:
            unknown(kind, result.resource, result.detail, source: "ec2:DescribeSecurityGroups", label: result.label)
            if let missing = result.missing { unverified.append(missing) }
        }
        return false
    }
}
