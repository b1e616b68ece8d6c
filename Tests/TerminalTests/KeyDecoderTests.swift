import Terminal
import Testing

@Suite struct KeyDecoderTests {
    static func keys(_ text: String) -> [Key] {
        var decoder = KeyDecoder()
        return decoder.decode(Array(text.utf8))
    }

    @Test func arrowsInNormalAndApplicationMode() {
        #expect(Self.keys("\u{1B}[A\u{1B}[B\u{1B}OA\u{1B}OB") == [.up, .down, .up, .down])
    }

    @Test func vimKeysDigitsEnterAndBackspace() {
        #expect(Self.keys("kj12\r\n\u{7F}") == [.up, .down, .digit(1), .digit(2), .enter, .enter, .backspace])
    }

    @Test func qEscapeCtrlCAndCtrlDCancel() {
        #expect(Self.keys("q") == [.cancel])
        #expect(Self.keys("\u{1B}") == [.cancel])
        #expect(Self.keys("\u{03}") == [.cancel])
        #expect(Self.keys("\u{04}") == [.cancel])
    }

    @Test func otherSequencesAndBytesAreDropped() {
        // Ctrl-Right (ESC [ 1 ; 5 C), Page Down (ESC [ 6 ~), a letter, Ctrl-Z.
        #expect(Self.keys("\u{1B}[1;5C\u{1B}[6~x\u{1A}\u{1B}[B") == [.down])
    }

    @Test func aSequenceSplitAcrossReadsIsCompleted() {
        var decoder = KeyDecoder()
        #expect(decoder.decode(Array("j\u{1B}".utf8)) == [.down])
        #expect(decoder.decode(Array("[A".utf8)) == [.up])
        #expect(decoder.decode(Array("\u{1B}[".utf8)) == [])
        #expect(decoder.decode(Array("B\r".utf8)) == [.down, .enter])
    }
}
