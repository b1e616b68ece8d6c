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

    init() throws {
        controller = posix_openpt(O_RDWR | O_NOCTTY)
        guard controller >= 0, grantpt(controller) == 0, unlockpt(controller) == 0, let name = ptsname(controller) else {
            throw POSIXError(.ENODEV)
        }
        terminal = open(name, O_RDWR | O_NOCTTY)
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
