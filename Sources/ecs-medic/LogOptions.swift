import ArgumentParser
import ECSMedic

/// How much of the containers' logs a live run reads (`diagnose`, `fix`, `snapshot record`, `snapshot commands`).
struct LogOptions: ParsableArguments {
    @Option(name: .customLong("log-lines"), help: "Log lines read per container, ending at the task's stop (default: 100, at most 10000; 256 KiB per container).")
    var logLines: Int = LogReadingLimits.standard.lines

    @Flag(name: .customLong("no-logs"), help: "Do not read the containers' logs.")
    var noLogs = false

    func validate() throws {
        guard (1...LogReadingLimits.maximumLines).contains(logLines) else {
            throw ValidationError("--log-lines must be between 1 and \(LogReadingLimits.maximumLines)")
        }
    }

    /// The bounds of the log reading; nil with `--no-logs`.
    var limits: LogReadingLimits? {
        noLogs ? nil : LogReadingLimits(lines: logLines)
    }
}
