import AWSClient
@testable import ECSMedic
import Testing

/// Runs every documented decision case of `DecisionCases/*.json` through the request decoder and the evaluator.
@Suite struct PolicyEvaluatorDecisionTests {
    @Test func thereAreAtLeastThreeHundredCases() {
        #expect(DecisionCase.all.count >= 300)
        #expect(Set(DecisionCase.all.map(\.topic)).count >= 10)
        #expect(DecisionCase.all.allSatisfy { !$0.doc.isEmpty })
    }

    @Test(arguments: DecisionCase.all)
    func decision(_ testCase: DecisionCase) throws {
        let request = try AuthorizationRequestDecoder().decode(testCase.request, source: testCase.name)
        let answer = PolicyEvaluator().evaluate(request)
        #expect(answer.decision.rawValue == testCase.expect, "\(testCase.doc)")
        if let blockedBy = testCase.blockedBy {
            #expect(answer.blockedBy.map(\.rawValue) == blockedBy)
        }
        if let matched = testCase.matched {
            #expect(answer.matched.map { "\($0.layer.rawValue)/\($0.policy)/\($0.index)" } == matched)
        }
    }
}
