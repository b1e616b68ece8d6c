import Foundation

/// A one-line progress bar on standard error, drawn only on a terminal and at most once per percent.
final class ProgressBar: @unchecked Sendable {
    private let enabled: Bool
    private var lastPercent = -1

    init(enabled: Bool) {
        self.enabled = enabled
    }

    func update(_ done: Int, of total: Int) {
        guard enabled, total > 0 else { return }
        let percent = done * 100 / total
        guard percent != lastPercent else { return }
        lastPercent = percent
        let width = 30
        let filled = done * width / total
        let bar = String(repeating: "#", count: filled) + String(repeating: " ", count: width - filled)
        FileHandle.standardError.write(Data("\r[\(bar)] \(done)/\(total) services".utf8))
    }

    /// A count without a known total (`collecting: 120 AWS calls`), redrawn every tenth.
    func count(_ done: Int, of what: String) {
        guard enabled, done % 10 == 0 else { return }
        lastPercent = 0
        FileHandle.standardError.write(Data("\r\(what): \(done)".utf8))
    }

    func finish() {
        if enabled, lastPercent >= 0 { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}
