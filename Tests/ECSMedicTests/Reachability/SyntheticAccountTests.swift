@testable import ECSMedic
import Testing

/// The benchmark's generated account holds what it claims, at each scale, and its verdicts are real ones.
@Suite struct SyntheticAccountTests {
    @Test(arguments: [1, 2])
    func sizesGrowLinearlyWithTheScale(scale: Int) {
        let account = SyntheticAccount(scale: scale)
        let facts = account.facts
        #expect(facts.subnets?.count == 200 * scale)
        let taskGroups = facts.securityGroups?.filter { !$0.groupId.hasPrefix("sg-vpce-") } ?? []
        #expect(taskGroups.count == 5_000 * scale)
        #expect(taskGroups.allSatisfy { group in
            (group.ipPermissions ?? []).flatMap { $0.userIdGroupPairs ?? [] }.count == 2
        })
        #expect(facts.networkACLs?.reduce(0) { $0 + ($1.entries?.count ?? 0) } == 500 * scale)
        // 1,000 services, each with 6 needs from 2 subnets.
        #expect(account.checks.count == 1_000 * scale * 6 * 2)
    }

    @Test func itsVerdictsIncludeEveryOutcome() {
        let account = SyntheticAccount(scale: 1)
        let engine = ReachabilityEngine(facts: account.facts)
        let outcomes = Set(account.checks.prefix(2_000).map { engine.verdict(for: $0.need, from: $0.placement).outcome })
        #expect(outcomes.contains(.reachable))
        #expect(outcomes.contains(.blocked))
    }
}
