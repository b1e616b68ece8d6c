import Foundation
import Terminal
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The picker on a real pseudo-terminal: keys typed on the controller side, the menu read back from it.
@Suite struct TerminalPickerTests {
    static let menu = PickMenu(title: "Which service of prod?", items: [
        PickMenu.Item("orders", detail: "2 stopped in the last hour: secrets-unreachable ×2"),
        PickMenu.Item("payments", detail: "deployment in progress"),
        PickMenu.Item("search", detail: "steady"),
    ])

    /// Runs a pick on the terminal side and types each key once the screen shows what the key before it drew;
    /// returns the pick, all that was drawn and the terminal's attributes before and after.
    static func pick(_ steps: [(key: String, then: String)], color: Bool = false) throws -> (Int?, String, termios, termios) {
        let pty = try PseudoTerminal()
        let before = pty.attributes()
        let picker = TerminalPicker(input: pty.terminal, output: pty.terminal, color: color)
        let result = PickResult()
        let done = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            result.set(Result { try picker.pick(menu) })
            done.signal()
        }
        var drawn = pty.read(until: "q to cancel")
        for step in steps {
            pty.type(step.key)
            drawn += pty.read(until: step.then)
        }
        #expect(done.wait(timeout: .now() + 10) == .success)
        if !drawn.contains("\u{1B}[?25h") { drawn += pty.read(until: "\u{1B}[?25h") }
        return (try result.get(), drawn, before, pty.attributes())
    }

    static func pick(typing keys: String, color: Bool = false) throws -> (Int?, String, termios, termios) {
        try pick([(keys, "\u{1B}[?25h")], color: color)
    }

    @Test func arrowsThenEnterPickTheEntry() throws {
        let (picked, drawn, before, after) = try Self.pick([
            ("\u{1B}[B", "> 2  payments"), ("\u{1B}[B", "> 3  search"), ("\u{1B}[A", "> 2  payments"), ("\r", "\u{1B}[?25h"),
        ])
        #expect(picked == 1)
        #expect(drawn.contains("> 1  orders    2 stopped in the last hour: secrets-unreachable ×2"))
        #expect(drawn.contains("> 2  payments  deployment in progress"))
        #expect(drawn.contains("> 3  search    steady"))
        #expect(after.c_lflag == before.c_lflag)
    }

    @Test func aNumberThenEnterPicksThatEntry() throws {
        let (picked, _, _, _) = try Self.pick(typing: "3\r")
        #expect(picked == 2)
    }

    @Test func qCancelsAndRestoresTheTerminal() throws {
        let (picked, _, before, after) = try Self.pick(typing: "q")
        #expect(picked == nil)
        #expect(after.c_lflag == before.c_lflag)
        #expect(after.c_lflag & tcflag_t(ECHO) != 0)
    }

    @Test func withoutColourNothingButCursorMovementIsSent() throws {
        let (_, drawn, _, _) = try Self.pick(typing: "\r", color: false)
        #expect(!drawn.contains("\u{1B}[7m"))
        let (_, coloured, _, _) = try Self.pick(typing: "\r", color: true)
        #expect(coloured.contains("\u{1B}[7m> 1  orders"))
    }
}

/// The pick's result, handed from the thread that ran it.
private final class PickResult: @unchecked Sendable {
    private let lock = NSLock()
    private var result: Result<Int?, Error> = .success(nil)

    func set(_ value: Result<Int?, Error>) {
        lock.withLock { result = value }
    }

    func get() throws -> Int? {
        try lock.withLock { result }.get()
    }
}
