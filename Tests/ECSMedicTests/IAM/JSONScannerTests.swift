import AWSClient
@testable import ECSMedic
import Testing

/// The byte-level reader behind `iam simulate`: values, escapes, and rejection of malformed text.
@Suite struct JSONScannerTests {
    private func parse(_ text: String) -> JSONValue? {
        let scanner = JSONScanner(Array(text.utf8))
        return try? scanner.value(try scanner.document())
    }

    @Test func readsEveryKindOfValue() {
        #expect(parse(#" {"a": [1, -2.5e1, true, false, null, "x"], "b": {}} "#) == .object([
            "a": .array([.number(1), .number(-25), .bool(true), .bool(false), .null, .string("x")]), "b": .object([:]),
        ]))
    }

    @Test func decodesEscapes() {
        #expect(parse(#""a\"b\\c\/d\n\u00e9\ud83d\ude00""#) == .string("a\"b\\c/d\né😀"))
    }

    @Test(arguments: [#"{"a": 1} x"#, #"{"a": 1}}"#, "[1, 2", #"{"a" 1}"#, #""open"#, "tru", #"{"a": [1,]x}"#, ""])
    func rejectsMalformedText(_ text: String) {
        #expect(parse(text) == nil)
    }

    @Test func membersAndElementsGiveRanges() throws {
        let text = #"{"k": [{"x": "]\\\"]\\\\"}, 2], "m": null}"#
        let scanner = JSONScanner(Array(text.utf8))
        let members = try #require(try scanner.members(try scanner.document()))
        #expect(members.map(\.key) == ["k", "m"])
        #expect(members[0].elements?.count == 2)
        let elements = try #require(try scanner.elements(members[0].value))
        #expect(elements.map { String(decoding: scanner.bytes[$0], as: UTF8.self) } == [#"{"x": "]\\\"]\\\\"}"#, "2"])
        #expect(scanner.isNull(members[1].value))
    }
}
