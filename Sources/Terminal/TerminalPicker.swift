#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs a `PickMenu` on a terminal: draws it on `output`, reads keys from `input` in raw mode, redraws in place,
/// and on a pick or a cancel erases the menu and restores the terminal.
public struct TerminalPicker: Sendable {
    public let input: Int32
    public let output: Int32
    /// Reverse video for the selected entry (off with NO_COLOR or `--color never`).
    public let color: Bool

    public init(input: Int32, output: Int32, color: Bool) {
        self.input = input
        self.output = output
        self.color = color
    }

    /// The index picked, or nil when the user cancelled (or the input ended).
    public func pick(_ menu: PickMenu) throws -> Int? {
        let terminal = try RawTerminal(input)
        defer { terminal.restore() }
        var menu = menu
        var decoder = KeyDecoder()
        emit("\u{1B}[?25l")
        defer { emit("\u{1B}[?25h") }
        var drawn = draw(menu, replacing: 0)
        var buffer = [UInt8](repeating: 0, count: 64)
        while true {
            let count = read(input, &buffer, buffer.count)
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else {
                erase(drawn)
                return nil
            }
            for key in decoder.decode(Array(buffer[0..<count])) {
                switch menu.handle(key) {
                case .pending:
                    continue
                case .picked(let index):
                    erase(drawn)
                    return index
                case .cancelled:
                    erase(drawn)
                    return nil
                }
            }
            drawn = draw(menu, replacing: drawn)
        }
    }

    /// Draws the menu over the `replacing` lines drawn before; returns how many lines it drew.
    private func draw(_ menu: PickMenu, replacing previous: Int) -> Int {
        let size = RawTerminal.size(output)
        let lines = menu.render(width: size.columns, height: max(1, size.rows - 3), color: color)
        emit((previous > 0 ? "\u{1B}[\(previous)A" : "") + "\r\u{1B}[J" + lines.joined(separator: "\r\n") + "\r\n")
        return lines.count
    }

    private func erase(_ lines: Int) {
        emit((lines > 0 ? "\u{1B}[\(lines)A" : "") + "\r\u{1B}[J")
    }

    private func emit(_ text: String) {
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { write(output, $0.baseAddress, $0.count) }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { return }
            bytes = bytes.dropFirst(written)
        }
    }
}
