import AWSClient

/// Merges the fixes of a diagnosis into one plan: for each finding the smallest of its proven fixes (by `FixCost`;
/// else the smallest with changes; ties go to the rule's order), identical changes once, endpoint security groups of a VPC and inline policies of a
/// role combined, the restart last; the merged plan is proven again as a whole.
public struct FixPlanner: Sendable {
    public let diagnoser: Diagnoser

    public init(diagnoser: Diagnoser) {
        self.diagnoser = diagnoser
    }

    public func plan(for result: DiagnosisResult, facts: Facts, selector: TargetSelector) -> FixPlan {
        var chosen: [FixPlan.Choice] = []
        for finding in result.findings {
            if let fix = Self.smallest(finding.fixes) {
                chosen.append(FixPlan.Choice(fingerprint: finding.fingerprint, fix: fix))
            }
        }
        let changes = Self.merge(chosen.flatMap(\.fix.changes), acls: facts.networkACLs ?? [])
        let verifier = FixVerifier(rediagnose: { [diagnoser] in try diagnoser.diagnose($0, selecting: selector, verifyingFixes: false) },
                                   facts: facts, before: Set(result.findings.map(\.fingerprint)),
                                   pastAgainstPresent: diagnoser.pastAgainstPresentRules)
        return FixPlan(region: result.target.region ?? facts.region ?? "us-east-1", chosen: chosen, changes: changes,
                       verified: !chosen.isEmpty && verifier.proves(changes, resolving: Set(chosen.map(\.fingerprint))))
    }

    /// The smallest proven fix (else the smallest with changes); the first one listed among equals.
    static func smallest(_ fixes: [Fix]) -> Fix? {
        let candidates = fixes.filter { !$0.changes.isEmpty }
        let proven = candidates.filter { $0.verified == true }
        return (proven.isEmpty ? candidates : proven).enumerated()
            .min { ($0.element.cost, $0.offset) < ($1.element.cost, $1.offset) }?.element
    }

    /// The changes with duplicates dropped, same-VPC endpoint groups, same-role inline policies and same-endpoint
    /// policies combined, network ACL entries of different findings renumbered apart (below the number chosen, so
    /// still before the denying entry; `acls` are the existing entries), and one restart at the end.
    static func merge(_ changes: [FixChange], acls: [NetworkACL] = []) -> [FixChange] {
        var merged: [FixChange] = []
        var restart: FixChange?
        for change in changes {
            if change.isRestart {
                restart = restart ?? change
                continue
            }
            if merged.contains(change) { continue }
            switch change {
            case .endpointSecurityGroup(let vpcId, let sources):
                if let index = merged.firstIndex(where: { if case .endpointSecurityGroup(vpcId, _) = $0 { return true }; return false }),
                   case .endpointSecurityGroup(_, let existing) = merged[index] {
                    merged[index] = .endpointSecurityGroup(vpcId: vpcId, sources: existing + sources.filter { !existing.contains($0) })
                    continue
                }
            case .interfaceEndpoint(let vpcId, let serviceName, _, _):
                if merged.contains(where: { if case .interfaceEndpoint(vpcId, serviceName, _, _) = $0 { return true }; return false }) {
                    continue
                }
            case .rolePolicy(let role, let name, let document):
                if let index = merged.firstIndex(where: { if case .rolePolicy(role, name, _) = $0 { return true }; return false }),
                   case .rolePolicy(_, _, let existing) = merged[index] {
                    merged[index] = .rolePolicy(role: role, name: name, document: combine(existing, document))
                    continue
                }
            case .endpointPolicy(let endpoint, let document):
                if let index = merged.firstIndex(where: { if case .endpointPolicy(endpoint, _) = $0 { return true }; return false }),
                   case .endpointPolicy(_, let existing) = merged[index] {
                    merged[index] = .endpointPolicy(endpoint: endpoint, document: EndpointPolicyFixBuilder.merged(
                        existing, adding: document["Statement"]?.arrayValue ?? []))
                    continue
                }
            case .networkACLEntry(let acl, let number, let egress, let from, let to, let cidr):
                if merged.contains(where: { if case .networkACLEntry(acl, _, egress, from, to, cidr) = $0 { return true }; return false }) {
                    continue
                }
                let taken = Set(merged.compactMap { change -> Int? in
                    if case .networkACLEntry(acl, let other, egress, _, _, _) = change { return other }
                    return nil
                } + (acls.first { $0.networkAclId == acl }?.entries ?? []).filter { $0.egress == egress }.map(\.ruleNumber))
                if taken.contains(number), let free = NetworkACLFixBuilder.ruleNumber(before: number, taken: taken) {
                    merged.append(.networkACLEntry(aclId: acl, ruleNumber: free, egress: egress, fromPort: from, toPort: to, cidr: cidr))
                    continue
                }
            default:
                break
            }
            merged.append(change)
        }
        return merged + (restart.map { [$0] } ?? [])
    }

    /// One policy with the statements of both: statements with the same Sid, effect and condition get the union of
    /// their actions and resources (they were written per service by the same least-privilege builder).
    static func combine(_ first: JSONValue, _ second: JSONValue) -> JSONValue {
        var statements = first["Statement"]?.arrayValue ?? []
        for statement in second["Statement"]?.arrayValue ?? [] {
            guard let members = statement.objectValue else { continue }
            if let index = statements.firstIndex(where: {
                $0["Sid"] == members["Sid"] && $0["Effect"] == members["Effect"] && $0["Condition"] == members["Condition"]
            }), var existing = statements[index].objectValue {
                for key in ["Action", "Resource"] {
                    existing[key] = union(existing[key], members[key])
                }
                statements[index] = .object(existing)
                continue
            }
            if !statements.contains(statement) { statements.append(statement) }
        }
        return .object(["Version": .string("2012-10-17"), "Statement": .array(statements)])
    }

    private static func union(_ first: JSONValue?, _ second: JSONValue?) -> JSONValue? {
        func strings(_ value: JSONValue?) -> [String] {
            value?.stringValue.map { [$0] } ?? value?.arrayValue?.compactMap(\.stringValue) ?? []
        }
        let all = Array(Set(strings(first) + strings(second))).sorted()
        return all.count == 1 ? .string(all[0]) : .array(all.map(JSONValue.string))
    }
}
