import Foundation
import Testing

/// `--format html` as a person opens it: the built binary writes the file, headless Chromium loads it and runs its
/// script, and the tests read the rendered DOM (the findings, the blocking hop, the layer that denied, the audit
/// table sorted and filtered) and the browser's log (no Content-Security-Policy violation, so nothing was fetched
/// and no injected markup ran).
@Suite(.serialized) struct HTMLReportTests {
    static let nacl = "fixtures/net-nacl-deny-443"
    static let boundary = "fixtures/perm-boundary-without-secretsmanager"
    static let blockingACL = "acl-08cf07953e09ad7fa"

    /// Runs the binary with `--format html --output FILE` and returns the file.
    static func write(_ arguments: [String], status: Int32 = 1, name: String = "report") throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appending(path: "ecs-medic-html-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let file = folder.appending(path: "\(name).html")
        let result = try BinaryRunner.run(arguments + ["--format", "html", "--output", file.path])
        #expect(result.status == status, "\(result.stderr)")
        #expect(result.stdout.isEmpty)
        return file
    }

    static func remove(_ file: URL) {
        try? FileManager.default.removeItem(at: file.deletingLastPathComponent())
    }

    /// The markup of the first element whose start tag contains `marker`, up to its closing `tag`.
    static func element(containing marker: String, closedBy tag: String, in dom: String) -> String? {
        guard let start = dom.range(of: marker), let end = dom.range(of: "</\(tag)>", range: start.upperBound..<dom.endIndex) else {
            return nil
        }
        return String(dom[start.lowerBound..<end.upperBound])
    }

    static func expectNoPolicyViolation(_ page: HeadlessChromium.Page) {
        #expect(!page.log.contains("Content Security Policy"), "the page broke its CSP: \(page.log)")
        #expect(page.dom.contains("<html lang=\"en\" data-ready=\"1\">"), "the inline script ran under the CSP")
    }

    @Test func theNetworkFindingDrawsItsPathWithTheBlockingHopMarked() throws {
        let file = try Self.write(["diagnose", "--snapshot", Self.nacl])
        defer { Self.remove(file) }
        let page = try HeadlessChromium.find().dumpDOM(file)
        Self.expectNoPolicyViolation(page)
        let finding = try #require(Self.element(containing: "<article class=\"finding error\" id=\"r1-f1\" data-rule=\"nacl-blocks\"",
                                                closedBy: "article", in: page.dom))
        let cause = try #require(Self.element(containing: "<section class=\"cause\"", closedBy: "section", in: page.dom))
        #expect(cause.contains("<code>secrets-unreachable</code>"))
        #expect(cause.contains("Explained by the findings below: <a href=\"#r1-f1\"><code>nacl-blocks</code></a>"))
        #expect(page.dom.range(of: "class=\"cause\"")!.lowerBound < page.dom.range(of: "id=\"r1-f1\"")!.lowerBound, "the cause comes first")

        let diagram = try #require(Self.element(containing: "<svg class=\"diagram\"", closedBy: "svg", in: finding))
        let blocking = diagram.components(separatedBy: "data-blocking=\"true\"")
        #expect(blocking.count == 2, "exactly one blocking hop in the drawing")
        let blockingNode = try #require(blocking.last?.components(separatedBy: "</g>").first)
        #expect(blockingNode.contains(">\(Self.blockingACL)</text>"))
        #expect(blockingNode.contains(">blocks here</text>"))
        let eni = try #require(diagram.range(of: ">eni-"))
        let acl = try #require(diagram.range(of: ">\(Self.blockingACL)<"))
        #expect(eni.lowerBound < acl.lowerBound, "the path starts at the task's interface")
        #expect(diagram.contains("class=\"node unreached\""), "the service behind the blocking hop is not reached")
        let blockedBy = try #require(Self.element(containing: "<p class=\"blocked-by\" data-blocking-resource=\"\(Self.blockingACL)\"",
                                                  closedBy: "p", in: finding))
        #expect(blockedBy.contains("Blocked at <code>\(Self.blockingACL)</code>"))
        #expect(blockedBy.contains("rule 90"), "the rule that blocks is shown: \(blockedBy)")
        #expect(finding.contains("<tr class=\"block deciding\">"), "the hop table marks the same hop")
        #expect(finding.contains("<details class=\"form cli\" open=\"\"><summary>AWS CLI</summary>"))
        #expect(finding.contains("<button type=\"button\" class=\"copy\" data-copy=\"r1-f1-x1-cli\">Copy</button>"),
                "the script showed the copy buttons")
        #expect(finding.contains("<details class=\"form terraform\">"))
    }

    @Test func theIAMDecisionIsShownByLayerWithTheDecidingStatement() throws {
        let file = try Self.write(["diagnose", "--snapshot", Self.boundary])
        defer { Self.remove(file) }
        let page = try HeadlessChromium.find().dumpDOM(file)
        Self.expectNoPolicyViolation(page)
        let finding = try #require(Self.element(containing: "data-rule=\"exec-role-missing-permission\"", closedBy: "article", in: page.dom))
        let decision = try #require(Self.element(containing: "<div class=\"iam\" data-decision=\"implicitDeny\"", closedBy: "table", in: finding))
        #expect(decision.contains("<code>secretsmanager:GetSecretValue</code>"))
        let boundaryRow = try #require(Self.element(containing: "data-layer=\"permissionsBoundary\"", closedBy: "tr", in: decision))
        #expect(boundaryRow.hasPrefix("data-layer") && decision.contains("<tr class=\"deny deciding\" data-layer=\"permissionsBoundary\">"))
        #expect(boundaryRow.contains("permissions boundary arn:aws:iam::111122223333:policy/demo-exec-boundary"))
        #expect(boundaryRow.contains("no statement allows the call"))
        let identityRow = try #require(Self.element(containing: "data-layer=\"identity\"", closedBy: "tr", in: decision))
        #expect(decision.contains("<tr class=\"allow\" data-layer=\"identity\">"))
        #expect(identityRow.contains("<td>allows</td>"))
        #expect(identityRow.contains("in inline policy demo-secrets-read of demo-ecs-exec-role"), "names the allowing statement: \(identityRow)")
        let scpRow = try #require(Self.element(containing: "data-layer=\"serviceControlPolicies\"", closedBy: "tr", in: decision))
        #expect(scpRow.contains("not evaluated (not collected)"), "an SCP that was not read is never called absent")
    }

    @Test func theAuditTableSortsAndFiltersInTheBrowser() throws {
        let file = try Self.write(["audit", "--snapshot", GoldenTests.account])
        defer { Self.remove(file) }
        let chromium = try HeadlessChromium.find()
        func services(_ dom: String) throws -> [(String, Bool)] {
            let table = try #require(Self.element(containing: "<table id=\"services\"", closedBy: "table", in: dom))
            return table.components(separatedBy: "<tr data-findings=").dropFirst().map { row in
                let name = row.components(separatedBy: "\">service ").dropFirst().first?.components(separatedBy: "<").first ?? ""
                return (name, row.contains(" hidden=\"\""))
            }
        }
        let plain = try chromium.dumpDOM(file)
        Self.expectNoPolicyViolation(plain)
        #expect(try services(plain.dom).map(\.0) == ["svc-00000", "svc-00001", "svc-00002"])
        #expect(plain.dom.contains("data-shown=\"3\""))
        #expect(plain.dom.contains("<div class=\"controls\" id=\"controls\">"), "the controls show once the script runs")

        let sorted = try chromium.dumpDOM(file, fragment: "sort=-service&findings=1")
        #expect(try services(sorted.dom).map(\.0) == ["svc-00002", "svc-00001", "svc-00000"])
        #expect(try services(sorted.dom).map(\.1) == [false, false, true], "the service without findings is filtered out")
        #expect(sorted.dom.contains("data-sort=\"-service\""))
        #expect(sorted.dom.contains("<th data-key=\"service\" aria-sort=\"descending\""))
        #expect(sorted.dom.contains("2 of 3 shown"))

        let filtered = try chromium.dumpDOM(file, fragment: "q=LOG-GROUP&sort=-errors")
        #expect(try services(filtered.dom).map(\.0) == ["svc-00001", "svc-00002", "svc-00000"], "most errors first, ties in report order")
        #expect(try services(filtered.dom).map(\.1) == [true, false, true], "only svc-00002 has a log-group finding")
        #expect(filtered.dom.contains("data-shown=\"1\""))
    }

    /// AWS names, tags, reasons and messages are data, never markup: a hostile service name, network ACL id and
    /// stopped reason reach every place they are printed (headings, attributes, the SVG, the table) escaped.
    @Test func aHostileNameCannotInjectMarkup() throws {
        let hostile = #"x"><img src=x onerror="document.title='pwned'"><script>document.title='pwned'</script>'&amp;"#
        let source = BinaryRunner.packageRoot.appending(path: Self.nacl)
        let folder = FileManager.default.temporaryDirectory.appending(path: "ecs-medic-hostile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let escapedForJSON = hostile.replacingOccurrences(of: "\"", with: "\\\"")
        for name in try FileManager.default.contentsOfDirectory(atPath: source.path) where name.hasSuffix(".json") {
            let text = try String(contentsOf: source.appending(path: name), encoding: .utf8)
                .replacingOccurrences(of: "demo-ecs-service", with: "demo-" + escapedForJSON)
                .replacingOccurrences(of: Self.blockingACL, with: "acl-" + escapedForJSON)
                .replacingOccurrences(of: "\"stoppedReason\": \"", with: "\"stoppedReason\": \"" + escapedForJSON)
            try text.write(to: folder.appending(path: name), atomically: true, encoding: .utf8)
        }
        let file = try Self.write(["diagnose", "--snapshot", folder.path])
        defer { Self.remove(file) }
        let html = try String(contentsOf: file, encoding: .utf8)
        #expect(!html.contains(hostile))
        #expect(!html.contains("<img"))
        #expect(!html.contains("<script>document"))
        #expect(html.contains("data-blocking-resource=\"acl-x&quot;&gt;&lt;img src=x onerror=&quot;document.title=&#39;pwned&#39;&quot;"),
                "the hostile id reached an attribute, escaped")
        #expect(html.contains("<h2>service demo-x&quot;&gt;&lt;img"), "the hostile service name reached the heading, escaped")
        #expect(html.contains("&lt;script&gt;document.title=&#39;pwned&#39;&lt;/script&gt;&#39;&amp;amp;"))

        let page = try HeadlessChromium.find().dumpDOM(file)
        Self.expectNoPolicyViolation(page)
        #expect(!page.dom.contains("<img"), "no element was injected")
        #expect(!page.dom.contains("<title>pwned</title>"))
        #expect(page.dom.contains("data-rule=\"nacl-blocks\""), "the finding survived the hostile names")
    }

    /// The file loads nothing: no `src`, links only within the page, a CSP meta tag that forbids every fetch, and
    /// only the inline script and style sheet it admits by hash.
    @Test(arguments: ["diagnose-net-nacl-deny-443.html", "diagnose-perm-boundary.html", "audit-account-3.html",
                      "check-image-tag-missing.html"])
    func theFileFetchesNothing(golden: String) throws {
        let html = try GoldenTests.read(golden)
        let attributes = try Regex(#"\s(src|href|action|srcset|poster|data|xlink:href|formaction)\s*=\s*"([^"]*)""#)
        for match in html.matches(of: attributes) {
            let name = match.output[1].substring.map(String.init) ?? ""
            let value = match.output[2].substring.map(String.init) ?? ""
            #expect(name == "href" && value.hasPrefix("#"), "\(golden): \(name)=\"\(value)\"")
        }
        #expect(!html.contains("url("), "no CSS fetch")
        #expect(!html.contains("@import"))
        #expect(html.components(separatedBy: "<script").count == 2, "one inline script")
        #expect(!html.contains("<script src"))
        let csp = try #require(html.firstMatch(of: try Regex(#"<meta http-equiv="Content-Security-Policy" content="([^"]*)">"#)))
        let policy = csp.output[1].substring.map(String.init) ?? ""
        #expect(policy.hasPrefix("default-src 'none'; style-src 'sha256-"))
        #expect(!policy.contains("unsafe"))
        #expect(html.range(of: "Content-Security-Policy")!.lowerBound < html.range(of: "<style>")!.lowerBound,
                "the policy comes before what it governs")
    }

    @Test func theScreenshotShowsTheReport() throws {
        let file = try Self.write(["diagnose", "--snapshot", Self.nacl])
        defer { Self.remove(file) }
        let png = file.deletingLastPathComponent().appending(path: "report.png")
        let log = try HeadlessChromium.find().screenshot(file, to: png, width: 1200, height: 1500)
        #expect(!log.contains("Content Security Policy"), "\(log)")
        let data = try Data(contentsOf: png)
        #expect(data.prefix(8) == Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]), "a PNG")
        let width = data[16..<20].reduce(0) { $0 << 8 | Int($1) }
        let height = data[20..<24].reduce(0) { $0 << 8 | Int($1) }
        #expect((width, height) == (1200, 1500))
        #expect(data.count > 50_000, "the page rendered, not a blank window (\(data.count) bytes)")
        if ProcessInfo.processInfo.environment["ECS_MEDIC_UPDATE_SCREENSHOT"] == "1" {
            let docs = BinaryRunner.packageRoot.appending(path: "docs/html-report.png")
            try? FileManager.default.removeItem(at: docs)
            try FileManager.default.copyItem(at: png, to: docs)
        }
    }
}
