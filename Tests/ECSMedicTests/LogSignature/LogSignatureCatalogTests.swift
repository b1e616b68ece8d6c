@testable import ECSMedic
import Testing

/// The shipped crash-signature catalog: every signature's example matches it with the captures the data states, its
/// near miss does not, and the matcher's multi-line and host rules hold.
@Suite struct LogSignatureCatalogTests {
    static let catalog = LogSignatureCatalog.shipped

    @Test(arguments: catalog.signatures.map(\.id))
    func exampleMatchesWithItsCaptures(_ id: String) throws {
        let signature = try #require(Self.catalog.signature(id))
        let own = Self.catalog.matches(in: signature.example).filter { $0.signatureID == id }
        let match = try #require(own.first, "\(id): its example does not match \(signature.patterns)")
        #expect(own.count == 1, "\(id): \(own.count) matches of one example")
        #expect(match.lineIndex == 0)
        #expect(match.lineCount == signature.example.count, "\(id): the match spans \(match.lineCount) lines")
        #expect(match.kind == signature.kind)
        #expect(match.runtime == signature.runtime)
        #expect(match.line == signature.example[0])
        #expect(match.captures == signature.expected, "\(id): captured \(match.captures), the data says \(signature.expected)")
    }

    @Test(arguments: catalog.signatures.map(\.id))
    func nearMissDoesNotMatch(_ id: String) throws {
        let signature = try #require(Self.catalog.signature(id))
        let matched = Self.catalog.matches(in: signature.nearMiss).filter { $0.signatureID == id }
        #expect(matched.isEmpty, "\(id): its near miss matches: \(signature.nearMiss)")
    }

    /// An example is what a runtime prints, so a credential masker must leave it alone (else a recorded snapshot
    /// would no longer match its signature).
    @Test(arguments: catalog.signatures.map(\.id))
    func redactionLeavesTheExampleAlone(_ id: String) throws {
        let signature = try #require(Self.catalog.signature(id))
        // A missing variable may be one of the task's secrets: its name is evidence, not a value.
        let names = signature.kind == .missingEnvironmentVariable ? [signature.expected.name].compactMap { $0 } : []
        #expect(LogRedactor(secretNames: names).redact(signature.example) == signature.example)
    }

    @Test func everyKindAndRuntimeHasSignatures() {
        let kinds = Set(Self.catalog.signatures.map(\.kind))
        #expect(kinds == Set(LogSignatureKind.allCases), "kinds without a signature: \(Set(LogSignatureKind.allCases).subtracting(kinds))")
        let runtimes = Set(Self.catalog.signatures.map(\.runtime))
        #expect(runtimes == LogSignature.runtimes, "runtimes without a signature: \(LogSignature.runtimes.subtracting(runtimes))")
        let network: Set<LogSignatureKind> = [.connectionTimeout, .connectionRefused, .unknownHost, .heapExhausted]
        for runtime in ["jvm", "node", "python", "go", "ruby", "dotnet", "php"] {
            // Go links its packages into the binary: a missing one shows at build time, not in the task's log.
            let needed = runtime == "go" ? network.union([.panic]) : network.union([.missingModule])
            let kinds = Set(Self.catalog.signatures.filter { $0.runtime == runtime }.map(\.kind))
            #expect(kinds.isSuperset(of: needed), "\(runtime) lacks \(needed.subtracting(kinds))")
        }
        #expect(Self.catalog.signatures.count >= 60)
    }

    /// Hosts as runtimes print them: a name, IPv4, IPv6 bare or in brackets, `host:port` and Java's `host/ip:port`.
    @Test func hostsInEveryForm() throws {
        let catalog = try LogSignatureCatalog(yaml: """
            signatures:
              - id: test-connect
                runtime: go
                kind: connectionTimeout
                meaning: A test.
                patterns: ['connect to {host}(?:/{address})?:{port} timed out']
                example: 'connect to db:5432 timed out'
                captures: {host: db, port: '5432'}
                nearMiss: 'connected to db:5432'
            """, file: "test.yaml")
        let cases: [(String, LogSignatureCaptures)] = [
            ("connect to orders-db.internal:5432 timed out", LogSignatureCaptures(host: "orders-db.internal", port: 5432)),
            ("connect to 10.0.3.12:5432 timed out", LogSignatureCaptures(host: "10.0.3.12", port: 5432)),
            ("connect to [2600:1f18:4a3:6e00::5]:5432 timed out", LogSignatureCaptures(host: "2600:1f18:4a3:6e00::5", port: 5432)),
            ("connect to ::1:6379 timed out", LogSignatureCaptures(host: "::1", port: 6379)),
            ("connect to orders-db.cluster-xyz.eu-west-1.rds.amazonaws.com/10.0.3.12:5432 timed out",
             LogSignatureCaptures(host: "orders-db.cluster-xyz.eu-west-1.rds.amazonaws.com", address: "10.0.3.12", port: 5432)),
        ]
        for (line, expected) in cases {
            #expect(catalog.matches(in: [line]).map(\.captures) == [expected], "\(line)")
        }
        #expect(catalog.matches(in: ["connect to db:99999 timed out"]).map(\.port) == [nil], "a port above 65535 is no port")
    }

    @Test func nodePrintsBareIPv6() {
        let matches = Self.catalog.matches(in: ["Error: connect ECONNREFUSED ::1:5432"]).filter { $0.signatureID == "node-econnrefused" }
        #expect(matches.map(\.captures) == [LogSignatureCaptures(host: "::1", port: 5432)])
    }

    /// A split message matches from its first line only, and not when the lines that finish it are missing.
    @Test func splitMessagesMatchFromTheirFirstLine() throws {
        let example = try #require(Self.catalog.signature("python-psycopg2-connect-timeout-split")).example
        let lines = ["Traceback (most recent call last):"] + example + ["[2024-05-14 09:12:01 +0000] [8] [INFO] Worker exiting (pid: 8)"]
        let matches = Self.catalog.matches(in: lines).filter { $0.signatureID == "python-psycopg2-connect-timeout-split" }
        #expect(matches.map(\.lineIndex) == [1])
        #expect(matches.map(\.lineCount) == [3])
        #expect(Self.catalog.matches(in: Array(example.prefix(2))).filter { $0.signatureID == "python-psycopg2-connect-timeout-split" }.isEmpty)
    }

    @Test func matchesComeInLineOrderAndOncePerSignatureAndLine() {
        let lines = ["Error: connect ECONNREFUSED 10.0.3.12:5432 (after connect ECONNREFUSED 10.0.3.13:5432)",
                     "Server listening on port 3000",
                     "Error: getaddrinfo ENOTFOUND orders-db.internal"]
        let matches = Self.catalog.matches(in: lines)
        #expect(matches.map(\.lineIndex) == matches.map(\.lineIndex).sorted())
        #expect(matches.filter { $0.signatureID == "node-econnrefused" }.map(\.host) == ["10.0.3.12"])
        #expect(matches.contains { $0.signatureID == "generic-listening-on-port" && $0.lineIndex == 1 && $0.port == 3000 })
        #expect(matches.contains { $0.signatureID == "node-enotfound" && $0.lineIndex == 2 && $0.host == "orders-db.internal" })
    }

    @Test func aHugeLineIsReadUpToItsLimit() {
        let line = "Error: connect ETIMEDOUT 10.0.3.12:5432 " + String(repeating: "x", count: 1_000_000)
        let matches = Self.catalog.matches(in: [line]).filter { $0.signatureID == "node-etimedout" }
        #expect(matches.map(\.host) == ["10.0.3.12"])
        #expect(matches.first?.line == line)
    }
}

/// Catalog files that are wrong say where: the file, the line and the signature.
@Suite struct LogSignatureLoaderTests {
    static func entry(_ fields: String) -> String {
        """
        signatures:
          - id: good-one
            runtime: node
            kind: connectionRefused
            meaning: A good one.
            patterns: ['connect ECONNREFUSED {host}:{port}']
            example: 'Error: connect ECONNREFUSED 10.0.3.12:5432'
            captures: {host: 10.0.3.12, port: '5432'}
            nearMiss: 'Error: read ECONNRESET'
          - id: bad-one
        \(fields)
        """
    }

    static let valid = """
            runtime: node
            kind: connectionRefused
            meaning: A bad one.
            patterns: ['refused {host}:{port}']
            example: 'refused db:1'
            nearMiss: 'accepted db:1'
        """

    func error(_ yaml: String) -> String {
        do {
            _ = try LogSignatureCatalog(yaml: yaml, file: "data/test-signatures.yaml")
            return "no error"
        } catch {
            return "\(error)"
        }
    }

    @Test func aValidFileLoads() throws {
        let catalog = try LogSignatureCatalog(yaml: Self.entry(Self.valid), file: "data/test-signatures.yaml")
        #expect(catalog.signatures.map(\.id) == ["good-one", "bad-one"])
    }

    @Test func errorsNameTheFileLineAndSignature() {
        let cases: [(String, String)] = [
            (Self.valid.replacingOccurrences(of: "kind: connectionRefused", with: "kind: refused"),
             "data/test-signatures.yaml:12: signature \"bad-one\": unknown kind \"refused\""),
            (Self.valid.replacingOccurrences(of: "runtime: node", with: "runtime: cobol"),
             "data/test-signatures.yaml:11: signature \"bad-one\": unknown runtime \"cobol\""),
            (Self.valid.replacingOccurrences(of: "    meaning: A bad one.\n", with: ""),
             "data/test-signatures.yaml:10: signature \"bad-one\": missing field \"meaning\""),
            (Self.valid.replacingOccurrences(of: "'refused {host}:{port}'", with: "'refused ({host}'"),
             "data/test-signatures.yaml:14: signature \"bad-one\": the pattern"),
            (Self.valid.replacingOccurrences(of: "'refused {host}:{port}'", with: "'refused (?<user>\\w+)'"),
             "data/test-signatures.yaml:14: signature \"bad-one\": unknown group \"user\""),
            (Self.valid + "\n    captures: {status: '200'}",
             "data/test-signatures.yaml:17: signature \"bad-one\": capture \"status\" has no group of that name"),
            (Self.valid + "\n    captures: {port: 'x'}",
             "data/test-signatures.yaml:17: signature \"bad-one\": captures.port must be a whole number"),
            (Self.valid + "\n    severity: high",
             "data/test-signatures.yaml:17: signature \"bad-one\": unknown field \"severity\""),
            (Self.valid.replacingOccurrences(of: "example: 'refused db:1'", with: "example: ['refused db:1', 'again']"),
             "data/test-signatures.yaml:15: signature \"bad-one\": example has more lines than the signature spans (lines: 1)"),
            (Self.valid + "\n    lines: 9",
             "data/test-signatures.yaml:17: signature \"bad-one\": lines must be 1, 2, 3 or 4"),
        ]
        for (fields, expected) in cases {
            let message = error(Self.entry(fields))
            #expect(message.hasPrefix(expected), "\(message)")
        }
        #expect(error(Self.entry(Self.valid).replacingOccurrences(of: "- id: bad-one", with: "- id: good-one"))
                    .hasPrefix("data/test-signatures.yaml:10: signature \"good-one\" appears twice"))
        #expect(error(Self.entry(Self.valid).replacingOccurrences(of: "- id: bad-one", with: "- id: Bad_One"))
                    .hasPrefix("data/test-signatures.yaml:10: signature \"Bad_One\": the id must be lower-case words joined by hyphens"))
        #expect(error("signatures: [") .hasPrefix("data/test-signatures.yaml: malformed YAML: "))
        #expect(error("rules: []").hasPrefix("data/test-signatures.yaml:1: unknown field \"rules\""))
    }
}
