/// Builds network ACL fixes: allow entries for every direction of the blocked connection that the ACLs deny (the
/// request and its return traffic to the client's ephemeral ports, in both subnets), each numbered right below the
/// entry that denies it so that every rule evaluated before still is. Return traffic is admitted on 1024-65535,
/// which covers every client's ephemeral range (Linux, Windows, NAT gateway) and is what AWS recommends: an entry
/// for the task's range alone would leave the ACL narrower than that, which `nacl-ephemeral-narrow` reports.
struct NetworkACLFixBuilder {
    let context: DiagnosisContext
    let match: FindingMatch

    /// Rule numbers AWS accepts for entries (32767 is the final `*` entry).
    static let ruleNumbers = 1...32766

    /// Allow entries for every direction the connections of the match need and an ACL denies.
    func allowTraffic() -> Fix? {
        let requirements = match.verdicts.compactMap(\.decidingHop).filter { $0.kind == .networkACL }.flatMap(\.naclRequirements)
        return fix("allow-nacl-traffic", requirements, checking: { $0.ports },
                   admitting: { $0.ports.count > 1 ? NetworkACLEvaluator.recommendedEphemeralPorts : $0.ports })
    }

    /// Allow entries admitting the return traffic on all of 1024-65535, as AWS recommends, where an ACL admits less.
    func widenEphemeralPorts() -> Fix? {
        let hops = match.verdicts.flatMap(\.hops).filter { $0.kind == .networkACL && $0.warning != nil }
        let returns = hops.flatMap(\.naclRequirements).filter { $0.ports.count > 1 }
        return fix("widen-nacl-ephemeral", returns, checking: { _ in NetworkACLEvaluator.recommendedEphemeralPorts },
                   admitting: { _ in NetworkACLEvaluator.recommendedEphemeralPorts })
    }

    /// Entries admitting `admitting` ports for each requirement whose `checking` ports an ACL denies.
    private func fix(_ id: String, _ requirements: [NACLRequirement], checking: (NACLRequirement) -> ClosedRange<Int>,
                     admitting: (NACLRequirement) -> ClosedRange<Int>) -> Fix? {
        var changes: [FixChange] = []
        var taken: [String: Set<Int>] = [:]
        var seen: [NACLRequirement] = []
        for requirement in requirements where !seen.contains(requirement) {
            seen.append(requirement)
            guard let acl = context.facts.networkACL(forSubnet: requirement.subnetId) else { continue }
            let result = NetworkACLEvaluator.check(acl, egress: requirement.egress, ports: checking(requirement), peer: requirement.peer)
            let range = admitting(requirement)
            guard result.passes == false else { continue }
            let key = "\(acl.networkAclId)/\(requirement.egress)"
            var numbers = taken[key] ?? Set((acl.entries ?? []).filter { $0.egress == requirement.egress }.map(\.ruleNumber))
            for cidr in requirement.cidrs {
                let exists = changes.contains { change in
                    if case .networkACLEntry(acl.networkAclId, _, requirement.egress, range.lowerBound, range.upperBound, cidr) = change { return true }
                    return false
                }
                guard !exists, let number = Self.ruleNumber(before: result.denyingRule, taken: numbers) else { continue }
                numbers.insert(number)
                changes.append(.networkACLEntry(aclId: acl.networkAclId, ruleNumber: number, egress: requirement.egress,
                                                fromPort: range.lowerBound, toPort: range.upperBound, cidr: cidr))
            }
            taken[key] = numbers
        }
        guard !changes.isEmpty else { return nil }
        let acls = Set(changes.compactMap { change -> String? in
            if case .networkACLEntry(let acl, _, _, _, _, _) = change { return acl }
            return nil
        }).sorted()
        let summary = id == "allow-nacl-traffic"
            ? "Allow \(match.needs.map(\.displayName).joined(separator: ", ")) and its return traffic through \(acls.joined(separator: ", ")) (entries numbered before the denying rule)"
            : "Admit return traffic on 1024-65535, as AWS recommends, in \(acls.joined(separator: ", "))"
        let restart = id == "allow-nacl-traffic" ? FixChange.restart(in: context).map { [$0] } ?? [] : []
        return Fix(id: id, summary: summary, changes: changes + restart, region: context.region)
    }

    /// The free rule number closest below the denying entry; when the final `*` entry (32767, or no entry) denies,
    /// the next multiple of 10 after the highest numbered entry (AWS suggests leaving gaps between numbers).
    static func ruleNumber(before denying: Int?, taken: Set<Int>) -> Int? {
        guard let denying, ruleNumbers.contains(denying) else {
            let highest = taken.filter { ruleNumbers.contains($0) }.max() ?? 90
            let next = (highest / 10 + 1) * 10
            if ruleNumbers.contains(next) { return next }
            return ruleNumbers.reversed().first { !taken.contains($0) }
        }
        return stride(from: denying - 1, through: ruleNumbers.lowerBound, by: -1).first { !taken.contains($0) }
    }
}
