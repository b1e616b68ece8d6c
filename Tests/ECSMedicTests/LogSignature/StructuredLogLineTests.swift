@testable import ECSMedic
import Testing

/// Log lines that are JSON objects (structured logging): the crash signatures read the text their values carry,
/// and the redactor masks secrets in them, escaped or not.
@Suite struct StructuredLogLineTests {
    static let catalog = LogSignatureCatalog.shipped

    /// pino (Node.js) as a Fargate app writes it: the error's message with no host, and its stack in `err.stack`.
    static let pino = #"{"level":50,"time":1796292051031,"pid":1,"hostname":"ip-10-0-1-75","err":{"type":"Error","message":"connect ETIMEDOUT","stack":"SequelizeConnectionError: connect ETIMEDOUT\n    at ConnectionManager.connect (/app/node_modules/sequelize/lib/dialects/postgres/connection-manager.js:184:20)","code":"ETIMEDOUT"},"msg":"connect ETIMEDOUT"}"#

    @Test func aJSONLineIsMatchedAsTheTextItsValuesCarryOncePerSignature() {
        let matches = Self.catalog.matches(in: [Self.pino]).filter { $0.signatureID == "node-etimedout" }
        #expect(matches.count == 1)
        #expect(matches.first?.lineIndex == 0)
        #expect(matches.first?.line == Self.pino)
        #expect(matches.first?.kind == .connectionTimeout)
    }

    @Test func theHostAndPortOfAJSONMessageAreCaptured() {
        let line = #"{"level":"error","ts":"2026-12-03T10:00:51.031Z","msg":"connect ECONNREFUSED 10.0.3.12:5432","service":"orders"}"#
        #expect(Self.catalog.matches(in: [line]).filter { $0.signatureID == "node-econnrefused" }.map(\.captures)
                == [LogSignatureCaptures(host: "10.0.3.12", port: 5432)])
        // The near miss: the same line saying it connected.
        let connected = #"{"level":"info","ts":"2026-12-03T10:00:51.031Z","msg":"connected to 10.0.3.12:5432","service":"orders"}"#
        #expect(Self.catalog.matches(in: [connected]).filter { $0.kind == .connectionRefused || $0.kind == .connectionTimeout }.isEmpty)
    }

    @Test func onlyAJSONObjectIsReadAsOne() {
        #expect(StructuredLogLine.texts(of: #"{"msg":"a\tb\nc \"d\"","n":1,"list":["e"]}"#) == ["a\tb", "c \"d\"", "e"])
        #expect(StructuredLogLine.texts(of: "{not json} connect ETIMEDOUT") == nil)
        #expect(StructuredLogLine.texts(of: #"["connect ETIMEDOUT"]"#) == nil)
        #expect(StructuredLogLine.texts(of: "Error: connect ETIMEDOUT 10.0.3.12:5432") == nil)
    }

    @Test func secretsInAJSONLineAreMaskedEscapedOrNotAndItStillMatches() {
        let line = #"{"level":30,"msg":"connect ECONNREFUSED 10.0.3.12:5432","password":"hunter2-Pa55","config":"{\"user\":\"app\",\"password\":\"s3cr3t-Pa55\"}"}"#
        let redacted = LogRedactor(secretNames: []).redact(line: line)
        #expect(!redacted.contains("hunter2-Pa55") && !redacted.contains("s3cr3t-Pa55"), "\(redacted)")
        #expect(redacted.contains(#""user\":\"app\""#))
        #expect(StructuredLogLine.texts(of: redacted) != nil, "the masked line is still JSON: \(redacted)")
        #expect(Self.catalog.matches(in: [redacted]).contains { $0.signatureID == "node-econnrefused" && $0.port == 5432 })
    }
}
