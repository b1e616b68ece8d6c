/// One direction of a TCP connection that a subnet's network ACL must let through. A network ACL hop carries every
/// requirement of its connection (request and return traffic, both subnets), so that a fix can admit them together.
struct NACLRequirement: Sendable, Equatable {
    /// The subnet whose ACL applies.
    var subnetId: String
    var egress: Bool
    var ports: ClosedRange<Int>
    /// The other end as the evaluator matches it.
    var peer: NetworkACLEvaluator.Peer
    /// The other end as an ACL rule should name it: its subnet's range, `0.0.0.0/0` for the internet, or its
    /// addresses (a prefix list's ranges).
    var cidrs: [String]
}
