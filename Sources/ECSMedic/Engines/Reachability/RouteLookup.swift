/// Picks the route a route table uses for a destination, as AWS does: the most specific route whose destination
/// covers it (longest prefix match). A route to a prefix list counts as a route to each of the list's CIDRs; when a
/// CIDR route and a prefix-list route are equally specific, the CIDR route wins.
struct RouteLookup: Sendable {
    private struct Candidate: Sendable {
        var v4: IPv4Range?
        var v6: IPv6Range?
        var fromPrefixList: Bool
        var route: RouteTable.Route
    }

    /// Candidates most specific first, CIDR routes before prefix-list routes of the same length.
    private let candidates: [Candidate]

    /// `prefixLists` gives the CIDRs of each prefix list the table routes to; a list it lacks contributes nothing.
    init(routes: [RouteTable.Route], prefixLists: [String: [String]]) {
        var candidates: [Candidate] = []
        for route in routes {
            if let text = route.destinationCidrBlock, let range = IPv4Range(text) {
                candidates.append(Candidate(v4: range, fromPrefixList: false, route: route))
            } else if let text = route.destinationIpv6CidrBlock, let range = IPv6Range(text) {
                candidates.append(Candidate(v6: range, fromPrefixList: false, route: route))
            } else if let list = route.destinationPrefixListId {
                for cidr in prefixLists[list] ?? [] {
                    if let range = IPv4Range(cidr) {
                        candidates.append(Candidate(v4: range, fromPrefixList: true, route: route))
                    } else if let range = IPv6Range(cidr) {
                        candidates.append(Candidate(v6: range, fromPrefixList: true, route: route))
                    }
                }
            }
        }
        func key(_ candidate: Candidate) -> (Int, Int) {
            (candidate.v4?.prefixLength ?? candidate.v6?.prefixLength ?? 0, candidate.fromPrefixList ? 0 : 1)
        }
        self.candidates = candidates.sorted { key($0) > key($1) }
    }

    /// The route for every address of `destination`, nil when no route covers it all.
    func route(to destination: IPv4Range) -> RouteTable.Route? {
        candidates.first { $0.v4?.contains(destination) == true }?.route
    }

    /// Routes more specific than `destination` that cover part of it: some of its addresses take them instead.
    func routes(inside destination: IPv4Range) -> [RouteTable.Route] {
        candidates.compactMap { candidate in
            guard let range = candidate.v4, range.prefixLength > destination.prefixLength, destination.contains(range) else { return nil }
            return candidate.route
        }
    }

    func route(to destination: IPv6Range) -> RouteTable.Route? {
        candidates.first { $0.v6?.contains(destination) == true }?.route
    }

    func routes(inside destination: IPv6Range) -> [RouteTable.Route] {
        candidates.compactMap { candidate in
            guard let range = candidate.v6, range.prefixLength > destination.prefixLength, destination.contains(range) else { return nil }
            return candidate.route
        }
    }

    /// IPv4 routes more specific than the default route towards public (non-RFC 1918) space other than the VPC's own
    /// (`local`): traffic to an AWS service's public addresses may take one of them instead of the default route.
    var publicSpecificRoutes: [RouteTable.Route] {
        candidates.compactMap { candidate in
            guard let range = candidate.v4, range.prefixLength > 0, !candidate.fromPrefixList,
                  candidate.route.gatewayId != "local", !SecurityGroupEvaluator.isPrivate(range) else { return nil }
            return candidate.route
        }
    }

    /// IPv6 routes more specific than `::/0` towards global space, other than the VPC's own (`local`: its IPv6 ranges
    /// are global) and the NAT64 prefix `64:ff9b::/96`.
    var publicSpecificIPv6Routes: [RouteTable.Route] {
        candidates.compactMap { candidate in
            guard let range = candidate.v6, range.prefixLength > 0, !candidate.fromPrefixList, !range.isPrivate,
                  candidate.route.gatewayId != "local", !IPv6Range.nat64.contains(range) else { return nil }
            return candidate.route
        }
    }
}
