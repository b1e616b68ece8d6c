import AWSClient
import Foundation
import Testing
@testable import ECSMedic

/// The HTML report's escaping and what it says per policy layer, on reports built from the fixtures and by hand.
@Suite struct HTMLReporterTests {
    static func report(_ fixture: String) throws -> Report {
        let facts = try FixtureLibrary.facts(fixture)
        return Report(results: [try Diagnoser(rules: try RuleSet.load().rules).diagnose(facts, selecting: TargetSelector())])
    }

    static func row(_ layer: PolicyLayer, in html: String) throws -> String {
        let start = try #require(html.range(of: "data-layer=\"\(layer.rawValue)\">"))
        let end = try #require(html.range(of: "</tr>", range: start.upperBound..<html.endIndex))
        let open = try #require(html.range(of: "<tr ", options: .backwards, range: html.startIndex..<start.lowerBound))
        return String(html[open.lowerBound..<end.upperBound])
    }

    @Test func escapesEveryCharacterThatOpensMarkupOrClosesAnAttribute() {
        #expect(MarkupText.escape(#"<a href="x" title='y'>&amp;</a>"#)
                == "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;")
        #expect(MarkupText.escape("line\r\nand\ttab\u{0}\u{1B}[31m\u{85}") == "line\r\nand\ttab\u{FFFD}\u{FFFD}[31m\u{FFFD}")
        #expect(MarkupText.escape("서울 ✓ ap-northeast-2") == "서울 ✓ ap-northeast-2")
    }

    @Test func shortensARNsFromTheEndAndOtherNamesFromTheStart() {
        #expect(PathDiagram.shortened("arn:aws:iam::111122223333:role/demo-ecs-exec-role", to: 12) == "…s-exec-role")
        #expect(PathDiagram.shortened("the database demo-aurora-cluster", to: 12) == "the databas…")
        #expect(PathDiagram.shortened("sg-0a1", to: 12) == "sg-0a1")
    }

    /// Every text field of a report holds markup; none of it reaches the file unescaped.
    @Test func noFieldOfTheReportCanInjectMarkup() throws {
        let evil = #"<x-injected a="1" b='2'>&"#
        var report = try Self.report("net-nacl-deny-443")
        report.notices = [evil]
        var result = try #require(report.results.first)
        result.target = .init(account: evil, region: evil, cluster: evil, service: evil, task: evil, taskDefinition: evil)
        result.stoppedReason = .init(text: evil, stopCode: evil, category: "secrets-unreachable", explainedByFacts: true)
        result.unverified = [UnverifiedFact(fact: evil, reason: evil, permission: evil)]
        result.suppressed = [SuppressedFinding(rule: evil, fingerprint: evil, resource: evil, reason: evil, expires: evil)]
        var finding = try #require(result.findings.first)
        finding.title = evil
        finding.message = evil
        finding.resources = [evil, evil]
        finding.evidence = [Evidence(fact: evil, resource: evil, source: evil)]
        finding.fixes = [Fix(id: evil, summary: evil, awsCli: evil, iamPolicy: .object([evil: .string(evil)]), terraform: evil,
                             cloudformation: evil)]
        var path = try #require(finding.paths.first)
        path.origin = evil
        path.subnetId = evil
        path.hops = path.hops.map { hop in
            var hop = hop
            hop.resource = evil
            hop.detail = evil
            hop.label = evil
            hop.source = evil
            hop.warning = evil
            return hop
        }
        finding.paths = [path]
        result.verdicts = [path]
        result.findings = [finding, finding]
        report.results = [result, result]
        let html = HTMLReporter(showPaths: true).render(report)
        #expect(!html.contains("<x-injected"))
        #expect(!html.contains(#"a="1""#))
        #expect(!html.contains("b='2'"))
        let escaped = html.components(separatedBy: "&lt;x-injected a=&quot;1&quot; b=&#39;2&#39;&gt;&amp;").count - 1
        #expect(escaped > 40, "the hostile text is shown, escaped, wherever it was (\(escaped) places)")
        #expect(html.contains("&lt;x-injected a=\\&quot;1\\&quot;"), "the IAM policy JSON is escaped after encoding")
    }

    @Test func anExplicitDenyNamesTheDenyingStatementAndItsPolicy() throws {
        let html = HTMLReporter().render(try Self.report("perm-explicit-deny-sourcevpce"))
        #expect(html.contains("<div class=\"iam\" data-decision=\"explicitDeny\">"))
        let identity = try Self.row(.identity, in: html)
        #expect(identity.hasPrefix("<tr class=\"deny deciding\""))
        #expect(identity.contains("<td>explicit deny</td>"))
        #expect(identity.contains("<td>&quot;") && identity.contains("&quot; in inline policy"), "the deny's sid and policy: \(identity)")
        let boundary = try Self.row(.permissionsBoundary, in: html)
        #expect(boundary.contains("none set on the role"))
    }

    @Test func theResourceLayerOfAKMSCallIsTheKeyPolicy() throws {
        let html = HTMLReporter().render(try Self.report("perm-cmk-without-decrypt"))
        let kms = try #require(html.components(separatedBy: "<div class=\"iam\"").first { $0.contains("<code>kms:Decrypt</code>") })
        let resource = try Self.row(.resourcePolicy, in: kms)
        #expect(resource.contains("<th scope=\"row\">key policy</th>"))
        #expect(resource.contains("key policy of "))
        #expect(try Self.row(.identity, in: kms).hasPrefix("<tr class=\"deny deciding\""))
    }

    @Test func anEndpointPolicyThatDeniesIsTheDecidingLayer() throws {
        let html = HTMLReporter().render(try Self.report("perm-endpoint-policy-denies"))
        let finding = try #require(html.components(separatedBy: "<article class=\"finding").first { $0.contains("data-rule=\"endpoint-policy-denies\"") })
        #expect(finding.contains(" through <code>vpce-0d48a3533ce14fe95</code>"))
        let endpoint = try Self.row(.endpointPolicy, in: finding)
        #expect(endpoint.hasPrefix("<tr class=\"deny deciding\""))
        #expect(endpoint.contains("endpoint policy of vpce-0d48a3533ce14fe95"))
        #expect(try Self.row(.identity, in: finding).hasPrefix("<tr class=\"allow\""))
    }

    @Test func theVerdictsBehindAFindingStayOutOfTheJSONReport() throws {
        let report = try Self.report("perm-boundary-without-secretsmanager")
        let finding = try #require(report.findings.first { $0.rule == "exec-role-missing-permission" })
        #expect(!finding.permissions.isEmpty)
        let json = try report.json()
        #expect(!json.contains("\"permissions\""))
        #expect(!json.contains("\"paths\""))
    }

    @Test func theSameReportGivesTheSameBytes() throws {
        let report = try Self.report("net-nacl-deny-443")
        #expect(HTMLReporter(showPaths: true).render(report) == HTMLReporter(showPaths: true).render(try Self.report("net-nacl-deny-443")))
    }
}
