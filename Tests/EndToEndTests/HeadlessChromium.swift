import Foundation
import Testing

/// Debian's `chromium` in headless mode: loads a file, runs its script, and prints the DOM or takes a screenshot.
/// The HTML report tests need it; `.ci/run` installs it, so a missing browser fails the tests rather than skipping.
struct HeadlessChromium {
    struct Page {
        /// The DOM after the page's scripts ran, serialised.
        let dom: String
        /// The browser's log, with the page's console messages (Content-Security-Policy violations among them).
        let log: String
    }

    let executable: URL

    /// The browser on PATH (`chromium`, as Debian names it, or `chromium-browser`).
    static func find() throws -> HeadlessChromium {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for directory in path.split(separator: ":") {
            for name in ["chromium", "chromium-browser"] {
                let candidate = URL(fileURLWithPath: String(directory)).appending(path: name)
                if FileManager.default.isExecutableFile(atPath: candidate.path) { return HeadlessChromium(executable: candidate) }
            }
        }
        throw Missing()
    }

    struct Missing: Error, CustomStringConvertible {
        var description: String {
            "chromium is not installed: the HTML report tests need it (apt-get install -y chromium; .ci/run installs it)"
        }
    }

    /// Loads `file` (with `fragment` after `#`, which the report's script reads) and returns the DOM after
    /// the scripts ran.
    func dumpDOM(_ file: URL, fragment: String? = nil) throws -> Page {
        let (stdout, log) = try run(["--dump-dom", url(file, fragment)])
        return Page(dom: stdout, log: log)
    }

    /// Renders `file` in a window of `width` × `height` pixels into a PNG at `output`.
    func screenshot(_ file: URL, to output: URL, width: Int, height: Int) throws -> String {
        try run(["--window-size=\(width),\(height)", "--hide-scrollbars", "--screenshot=\(output.path)", url(file, nil)]).1
    }

    private func url(_ file: URL, _ fragment: String?) -> String {
        file.absoluteURL.absoluteString + (fragment.map { "#" + $0 } ?? "")
    }

    private func run(_ arguments: [String]) throws -> (String, String) {
        let profile = FileManager.default.temporaryDirectory.appending(path: "ecs-medic-chromium-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: profile) }
        let process = Process()
        process.executableURL = executable
        process.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--no-default-browser-check",
                             "--disable-extensions", "--disable-background-networking", "--user-data-dir=\(profile.path)",
                             "--enable-logging=stderr", "--v=0", "--virtual-time-budget=2000"] + arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let errors = ErrorCollector(err.fileHandleForReading)
        let stdout = (try out.fileHandleForReading.readToEnd() ?? Data())
        process.waitUntilExit()
        let log = try errors.text()
        #expect(process.terminationStatus == 0, "chromium failed: \(log)")
        return (String(decoding: stdout, as: UTF8.self), log)
    }

    /// Reads a pipe on its own thread, so that a chatty stderr cannot block the browser while stdout is read.
    private final class ErrorCollector: @unchecked Sendable {
        private var data: Result<Data, any Error> = .success(Data())
        private let done = DispatchSemaphore(value: 0)

        init(_ handle: FileHandle) {
            Thread.detachNewThread { [self] in
                data = Result { try handle.readToEnd() ?? Data() }
                done.signal()
            }
        }

        /// What the pipe carried, or the error that ended reading it.
        func text() throws -> String {
            done.wait()
            return String(decoding: try data.get(), as: UTF8.self)
        }
    }
}
