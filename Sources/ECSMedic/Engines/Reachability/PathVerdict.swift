/// Whether a task can reach one of its needs from one subnet, with the path walked as evidence.
public struct PathVerdict: Sendable, Equatable {
    public enum Outcome: String, Sendable {
        case reachable, blocked, unknown
    }

    public var need: NetworkNeed
    public var subnetId: String
    /// Where the path starts: `eni-0a1 (10.0.1.23, subnet-0b2)`, or the subnet when no task ran there.
    public var origin: String
    public var outcome: Outcome
    /// The hops walked, in order; when blocked, the last one is the blocking hop.
    public var hops: [PathHop]
    /// Facts that were missing; a verdict that needed them is `unknown`.
    public var unverified: [UnverifiedFact]

    /// The hop that blocks the path (blocked), or that leaves what ecs-medic can see (unknown).
    public var decidingHop: PathHop? {
        outcome == .reachable ? nil : hops.last { $0.passes != true }
    }
}

/// One step of a network path and whether it lets the traffic through.
public struct PathHop: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        case taskSecurityGroupEgress = "task-sg-egress"
        case route
        case publicIP = "public-ip"
        case natGateway = "nat-gateway"
        case internetGateway = "internet-gateway"
        case gatewayEndpoint = "gateway-endpoint"
        case endpoint
        case endpointDNS = "endpoint-dns"
        case endpointSecurityGroup = "endpoint-sg"
        case networkACL = "nacl"
        case targetSecurityGroupIngress = "target-sg-ingress"
        case loadBalancerSecurityGroupEgress = "lb-sg-egress"
        case taskSecurityGroupIngress = "task-sg-ingress"
        case efsMountTarget = "efs-mount-target"
        case unverifiable
    }

    public var kind: Kind
    /// The AWS resource this hop is about (route table, SG, endpoint, gateway...).
    public var resource: String
    /// What was found, e.g. `0.0.0.0/0 → nat-0a1b (available)` or `no rule admits tcp 443 from sg-0task`.
    public var detail: String
    /// True when it lets the traffic through, false when it blocks, nil when it cannot be decided.
    public var passes: Bool?
    /// A fact noted on the way that decides nothing by itself (no endpoint, so the internet path is walked).
    public var isNote = false
    /// The API call the fact came from, e.g. `ec2:DescribeRouteTables`.
    public var source: String
    /// Something worth fixing on a hop that lets the traffic through (a network ACL narrower than AWS recommends).
    public var warning: String?
    /// The hop in a few words for a one-line path: `sg-0a1 egress tcp 443`, `acl-0b2 inbound rule 100`.
    public var label: String
    /// For a network ACL hop: every direction its connection needs through the ACLs it crosses.
    var naclRequirements: [NACLRequirement] = []

    public init(_ kind: Kind, _ resource: String, _ detail: String, passes: Bool?, source: String, label: String? = nil) {
        self.kind = kind
        self.resource = resource
        self.detail = detail
        self.passes = passes
        self.source = source
        self.label = label ?? resource
    }
}
