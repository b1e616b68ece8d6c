/// A network verdict as one line, from the task to the target or the hop that blocks:
/// `eni-0a1 (10.0.1.23, subnet-0b2) → sg-0c3 egress tcp 443 ✓ → acl-0d4 outbound rule 100 ✓ → rtb-0e5 0.0.0.0/0 ✓ → nat-0f6 ✓ → igw-0a7 ✓`.
/// Hops that decide nothing by themselves (an absent endpoint before the internet path) are left out.
public struct PathLine: Sendable {
    public let text: String

    public init(_ verdict: PathVerdict) {
        let hops = verdict.hops.filter { !$0.isNote }.map { hop in
            "\(hop.label) \(hop.passes == true ? "✓" : hop.passes == false ? "✗" : "?")"
        }
        text = ([verdict.origin] + hops).joined(separator: " → ")
    }
}
