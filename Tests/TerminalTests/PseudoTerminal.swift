import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A pseudo-terminal pair for tests: the code under test gets `terminal` (the side a program sees), the test
/// types on and reads from `controller` (the side a terminal emulator holds).
final class PseudoTerminal {
    let controller: Int32
    let terminal: Int32

    /// `TIOCSPTLCK` and `TIOCGPTN` (asm-generic/ioctls.h: `_IOW('T', 0x31, int)`, `_IOR('T', 0x30, unsigned int)`),
    /// function-like macros Swift does not import.
    static let unlockRequest: UInt = 0x4004_5431
    static let numberRequest: UInt = 0x8004_5430

    /// Opens the Linux pseudo-terminal multiplexer, unlocks the new pair and opens its terminal side.
    init() throws {
        let multiplexer = open("/dev/ptmx", O_RDWR | O_NOCTTY)
        var unlock: Int32 = 0
        var number: UInt32 = 0
        guard multiplexer >= 0,
              withUnsafeMutablePointer(to: &unlock, { ioctl(multiplexer, Self.unlockRequest, $0) }) == 0,
              withUnsafeMutablePointer(to: &number, { ioctl(multiplexer, Self.numberRequest, $0) }) == 0 else {
            throw POSIXError(.ENODEV)
        }
        controller = multiplexer
        terminal = open("/dev/pts/\(number)", O_RDWR | O_NOCTTY)
        guard terminal >= 0 else { throw POSIXError(.ENODEV) }
    }

    deinit {
        close(terminal)
        close(controller)
    }

    func attributes() -> termios {
        var attributes = termios()
        tcgetattr(terminal, &attributes)
        return attributes
    }

    func type(_ text: String) {
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { write(controller, $0.baseAddress, $0.count) }
    }

    /// Reads what the program drew until `marker` appears (or 5 s pass without it).
    func read(until marker: String) -> String {
        var seen = ""
        var buffer = [UInt8](repeating: 0, count: 4096)
        let deadline = Date().addingTimeInterval(5)
        while !seen.contains(marker), Date() < deadline {
            var poller = pollfd(fd: controller, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, 100) > 0 else { continue }
            let count = Glibc.read(controller, &buffer, buffer.count)
            guard count > 0 else { break }
            seen += String(decoding: buffer[0..<count], as: UTF8.self)
        }
        return seen
    }
}
