import Foundation
import Terminal
import Testing
#if canImport(Glibc)
import Glibc
#endif

@Suite struct RawTerminalTests {
    @Test func rawModeTurnsOffLineEditingEchoAndSignalKeysAndRestoreTurnsThemBackOn() throws {
        let pty = try PseudoTerminal()
        let before = pty.attributes()
        #expect(before.c_lflag & tcflag_t(ICANON) != 0)
        let raw = try RawTerminal(pty.terminal)
        let during = pty.attributes()
        for flag in [ICANON, ECHO, ISIG] {
            #expect(during.c_lflag & tcflag_t(flag) == 0)
        }
        raw.restore()
        let after = pty.attributes()
        #expect(after.c_lflag == before.c_lflag)
        #expect(after.c_iflag == before.c_iflag)
    }

    @Test func aPipeIsNotATerminal() throws {
        var ends: [Int32] = [0, 0]
        #expect(pipe(&ends) == 0)
        defer { close(ends[0]); close(ends[1]) }
        #expect(throws: RawTerminal.NotATerminal.self) { try RawTerminal(ends[0]) }
    }

    @Test func theSizeIsTheTerminalsWindowSize() throws {
        let pty = try PseudoTerminal()
        var size = winsize(ws_row: 31, ws_col: 97, ws_xpixel: 0, ws_ypixel: 0)
        #expect(withUnsafeMutablePointer(to: &size) { ioctl(pty.terminal, UInt(TIOCSWINSZ), $0) } == 0)
        #expect(RawTerminal.size(pty.terminal) == (columns: 97, rows: 31))
    }
}
