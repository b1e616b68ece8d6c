import Foundation

/// A program run in a pane of a tmux server of its own (its own socket, so no other tmux is touched), typed at with
/// send-keys and read with capture-pane, as a person at a terminal would use it.
final class TmuxPane {
    private let socket = "ecs-medic-test-\(UUID().uuidString.prefix(8))"
    static let available = FileManager.default.isExecutableFile(atPath: "/usr/bin/tmux")

    /// Starts `command` (a shell command line) in an 100 × 30 pane. When it ends, the pane prints `exit=CODE` and
    /// whether the terminal is back in canonical mode with echo (`stty -a`), then waits to be read.
    init(_ command: String, environment: [String: String] = [:]) throws {
        let exports = environment.sorted { $0.key < $1.key }.map { "\($0.key)=\(Self.quoted($0.value))" }.joined(separator: " ")
        let line = "\(exports.isEmpty ? "" : "env \(exports) ")\(command); echo \"exit=$?\"; "
            + "stty -a | tr ' ;' '\\n\\n' | grep -x -e '-\\{0,1\\}icanon' -e '-\\{0,1\\}echo' | tr '\\n' ' '; echo; sleep 600"
        try tmux(["new-session", "-d", "-x", "100", "-y", "30", "sh", "-c", line])
    }

    /// Types keys (tmux key names: `Down`, `Enter`, `q`, `2`).
    func send(_ keys: String...) throws {
        try tmux(["send-keys"] + keys)
    }

    /// The pane's text with its scrollback (with `escapes`, its colours and attributes as escape sequences).
    func screen(escapes: Bool = false) throws -> String {
        try tmux(["capture-pane", "-p", "-J", "-S", "-"] + (escapes ? ["-e"] : []))
    }

    /// Waits until the pane shows `text` (10 s at most) and returns the screen.
    @discardableResult
    func waitFor(_ text: String) throws -> String {
        let deadline = Date().addingTimeInterval(10)
        var seen = ""
        while Date() < deadline {
            seen = try screen()
            if seen.contains(text) { return seen }
            Thread.sleep(forTimeInterval: 0.1)
        }
        throw TmuxError(message: "the pane never showed \"\(text)\"; it shows:\n\(seen)")
    }

    /// The process ids running in the pane's shell (the program under test).
    func programPid() throws -> Int32 {
        let shell = try tmux(["display-message", "-p", "#{pane_pid}"]).trimmingCharacters(in: .whitespacesAndNewlines)
        let children = try String(contentsOfFile: "/proc/\(shell)/task/\(shell)/children", encoding: .utf8)
        guard let pid = children.split(separator: " ").first.flatMap({ Int32($0) }) else {
            throw TmuxError(message: "no program runs in the pane")
        }
        return pid
    }

    func close() {
        _ = try? tmux(["kill-server"])
    }

    deinit {
        close()
    }

    @discardableResult
    private func tmux(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/tmux")
        process.arguments = ["-L", socket, "-f", "/dev/null"] + arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        guard process.terminationStatus == 0 else { throw TmuxError(message: "tmux \(arguments.joined(separator: " ")): \(text)") }
        return text
    }

    static func quoted(_ value: String) -> String {
        "'" + value.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    struct TmuxError: Error, CustomStringConvertible {
        let message: String
        var description: String { message }
    }
}
