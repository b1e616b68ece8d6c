#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A terminal switched to raw input (no line editing, no echo, no signal keys: Ctrl-C arrives as a byte) for as
/// long as a pick runs, and switched back by `restore()` — also when the process is ended by SIGTERM, SIGHUP or
/// SIGQUIT meanwhile (the handler restores the terminal, then lets the signal end the process as it would have).
public final class RawTerminal {
    public let descriptor: Int32
    private let original: termios

    /// Switches `descriptor` to raw input; throws when it is not a terminal.
    public init(_ descriptor: Int32) throws {
        var attributes = termios()
        guard tcgetattr(descriptor, &attributes) == 0 else { throw NotATerminal(descriptor: descriptor) }
        self.descriptor = descriptor
        original = attributes
        var raw = attributes
        raw.c_lflag &= ~tcflag_t(ICANON | ECHO | ISIG | IEXTEN)
        raw.c_iflag &= ~tcflag_t(IXON | ICRNL)
        withUnsafeMutableBytes(of: &raw.c_cc) { cc in
            cc[Int(VMIN)] = 1
            cc[Int(VTIME)] = 0
        }
        RawTerminal.saved = (descriptor, attributes)
        for ending in Self.endingSignals { _ = signal(ending, restoreAndEnd) }
        tcsetattr(descriptor, TCSAFLUSH, &raw)
    }

    /// Puts the terminal back as it was; the ending signals get their default handling again.
    public func restore() {
        var attributes = original
        tcsetattr(descriptor, TCSAFLUSH, &attributes)
        RawTerminal.saved = nil
        for ending in Self.endingSignals { _ = signal(ending, SIG_DFL) }
    }

    deinit {
        if RawTerminal.saved != nil { restore() }
    }

    /// The terminal's width and height in characters (80 × 24 when it does not say).
    public static func size(_ descriptor: Int32) -> (columns: Int, rows: Int) {
        var size = winsize()
        guard withUnsafeMutablePointer(to: &size, { ioctl(descriptor, UInt(TIOCGWINSZ), $0) }) == 0, size.ws_col > 0, size.ws_row > 0 else { return (80, 24) }
        return (Int(size.ws_col), Int(size.ws_row))
    }

    public struct NotATerminal: Error, Equatable {
        public let descriptor: Int32
    }

    static let endingSignals = [SIGTERM, SIGHUP, SIGQUIT]

    /// The attributes to put back from a signal handler (which cannot reach an instance).
    nonisolated(unsafe) static var saved: (descriptor: Int32, attributes: termios)?
}

/// Restores the saved terminal attributes (tcsetattr is async-signal-safe), then re-raises the signal with its
/// default action.
private func restoreAndEnd(_ number: Int32) {
    if var saved = RawTerminal.saved {
        tcsetattr(saved.descriptor, TCSAFLUSH, &saved.attributes)
    }
    _ = signal(number, SIG_DFL)
    raise(number)
}
