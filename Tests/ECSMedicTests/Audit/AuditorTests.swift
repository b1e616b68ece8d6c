import AWSClient
import ECSMedic
import Foundation
import Testing

@Suite struct AuditorTests {
    /// seed-no-secretsmanager-endpoint plus a second `describe-services` answer: the same service name in
    /// another cluster, as two clusters of one account often have.
    static func twoClusters() throws -> Facts {
        var snapshot = try Snapshot.load(from: FixtureLibrary.path("seed-no-secretsmanager-endpoint"))
        let call = try #require(snapshot.calls.first { $0.service == "ecs" && $0.operation == "describe-services" })
        let encoder = JSONEncoder()
        encoder.outputFormatting = .withoutEscapingSlashes
        let text = String(decoding: try encoder.encode(call.response), as: UTF8.self)
            .replacingOccurrences(of: "cluster/demo-ecs-cluster", with: "cluster/other-cluster")
            .replacingOccurrences(of: "service/demo-ecs-cluster/", with: "service/other-cluster/")
        let response = try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
        snapshot.calls.append(SnapshotCall(service: "ecs", operation: "describe-services", request: nil, response: response,
                                           origin: "test: second cluster"))
        return try FactsDecoder().facts(from: snapshot)
    }

    @Test func sameServiceNameInTwoClustersIsTwoResults() throws {
        let facts = try Self.twoClusters()
        #expect(facts.services?.count == 2)
        let results = try Auditor(rules: try RuleSet.load().rules).audit(facts)
        #expect(results.map(\.target.cluster) == ["demo-ecs-cluster", "other-cluster"])
        #expect(results.map(\.target.service) == ["demo-ecs-service", "demo-ecs-service"])
        #expect(results[0].target.task != nil, "the stopped task ran in demo-ecs-cluster")
        #expect(results[1].target.task == nil, "no task of other-cluster was collected")
        #expect(results.map { $0.findings.map(\.rule) } == [["secretsmanager-unreachable"], ["secretsmanager-unreachable"]])
        #expect(results[0].findings[0].fingerprint == results[1].findings[0].fingerprint,
                "one route table blocking both services is the same finding fingerprint")
    }

    @Test func clustersFilterAndProgressCounts() throws {
        let facts = try Self.twoClusters()
        var progress: [Int] = []
        let results = try Auditor(rules: try RuleSet.load().rules).audit(facts, clusters: ["other-cluster"]) { done, total in
            progress.append(done * 10 + total)
        }
        #expect(results.map(\.target.cluster) == ["other-cluster"])
        #expect(progress == [11])
    }

    @Test func aBaselineOfTheSameReportHasNothingNew() throws {
        let results = try Auditor(rules: try RuleSet.load().rules).audit(try Self.twoClusters())
        let report = Report(results: results)
        #expect(report.exitCode(failOn: .error) == 1)
        #expect(report.exitCode(failOn: .error, baseline: Baseline(report: report)) == 0)
        var onlyFirst = report
        onlyFirst.results.removeLast()
        #expect(report.gating(failOn: .error, baseline: Baseline(report: onlyFirst)).count == 1,
                "the same fingerprint on another service is new")
    }
}
