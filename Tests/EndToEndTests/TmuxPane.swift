import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A program run in a pane of a tmux server of its own (its own socket, so no other tmux is touched), typed at with
/// send-keys and read with capture-pane, as a person at a terminal would use it.
final class TmuxPane {
    private let socket = "ecs-medic-test-\(UUID().uuidString.prefix(8))"
    static let available = FileManager.default.isExecutableFile(atPath: "/usr/bin/tmux")

    /// Starts `command` (a shell command line) in a 200 × 100 pane (all of a diagnosis fits on the screen). When it
    /// ends, the pane prints `exit=CODE`, whether the terminal is back in canonical mode with echo (`stty -a`:
    /// `icanon echo`, or `-icanon -echo` when not) and then `end of run`.
    init(_ command: String, environment: [String: String] = [:]) throws {
        let exports = environment.sorted { $0.key < $1.key }.map { "\($0.key)=\(Self.quoted($0.value))" }.joined(separator: " ")
        let line = "\(exports.isEmpty ? "" : "env \(exports) ")\(command); echo \"exit=$?\"; "
            + "stty -a | tr ' ;' '\\n\\n' | grep -x -e '-\\{0,1\\}icanon' -e '-\\{0,1\\}echo' | tr '\\n' ' '; echo; echo 'end of run'; sleep 600"
        try tmux(["new-session", "-d", "-x", "200", "-y", "100", "sh", "-c", line])
    }

    /// Types keys (tmux key names: `Down`, `Enter`, `q`, `2`).
    func send(_ keys: String...) throws {
        try tmux(["send-keys"] + keys)
    }

    /// The pane's screen (with `escapes`, its colours and attributes as escape sequences). Not its scrollback:
    /// tmux keeps there a copy of what a program erases from the top line.
    func screen(escapes: Bool = false) throws -> String {
        try tmux(["capture-pane", "-p", "-J"] + (escapes ? ["-e"] : []))
    }

    /// Waits until the pane shows `text` (30 s at most) and returns the screen.
    @discardableResult
    func waitFor(_ text: String) throws -> String {
        let deadline = Date().addingTimeInterval(30)
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

    /// Runs a tmux command and waits for it with `waitpid`. Not with `Process`: the server that `new-session`
    /// starts inherits what Foundation watches to learn that its child ended, and `waitUntilExit` would wait for
    /// the server too. The output goes through a file for the same reason.
    @discardableResult
    private func tmux(_ arguments: [String]) throws -> String {
        let file = FileManager.default.temporaryDirectory.appending(path: "\(socket)-\(UUID().uuidString).out")
        defer { try? FileManager.default.removeItem(at: file) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, file.path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        // Through bash, which closes every descriptor above 2 before it becomes tmux: the server outlives the
        // test, and must not hold the pipes of other suites' launchers open (their stdin would never end).
        let closeAndExec = #"for fd in /proc/$$/fd/*; do n=${fd##*/}; [ "$n" -gt 2 ] && eval "exec $n>&-"; done; exec /usr/bin/tmux "$@""#
        let argv = (["bash", "-c", closeAndExec, "tmux", "-L", socket, "-f", "/dev/null"] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        guard posix_spawn(&pid, "/bin/bash", &actions, nil, argv, environ) == 0 else {
            throw TmuxError(message: "cannot start tmux")
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let text = (try? String(contentsOf: file, encoding: .utf8)) ?? ""
        // Exited normally with status 0 (WIFEXITED and WEXITSTATUS, macros Swift does not import).
        guard status & 0x7F == 0, (status >> 8) & 0xFF == 0 else {
            throw TmuxError(message: "tmux \(arguments.joined(separator: " ")): \(text)")
        }
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
