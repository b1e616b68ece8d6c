import ArgumentParser
import ECSMedic
import Foundation

/// `ecs-medic iam simulate REQUEST.json | --batch FILE.jsonl`: decides requests as AWS would (design.md §9).
struct IAMSimulateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Decide whether a principal may call an action on a resource under the given policies.",
        discussion: "Prints {\"decision\", \"blockedBy\", \"matched\"} as one line of JSON; exits 0 whenever it answers."
    )

    @Argument(help: "A request file (design.md §9).")
    var request: String?

    @Option(name: .long, help: "A JSON-lines file: one request per line, one answer per line.")
    var batch: String?

    func validate() throws {
        guard (request == nil) != (batch == nil) else {
            throw ValidationError("give either a REQUEST file or --batch FILE, not both or neither")
        }
    }

    func run() throws {
        let runner = SimulationRunner()
        if let batch {
            let writer = BufferedWriter()
            defer { writer.flush() }
            try runner.answerBatch(try Self.read(batch, mapped: true), source: batch) { writer.write($0) }
        } else if let request {
            FileHandle.standardOutput.write(Data((try runner.answer(json: try Self.read(request), source: request).json + "\n").utf8))
        }
    }

    /// The file's bytes; `mapped` maps a large batch file instead of copying it into memory.
    static func read(_ path: String, mapped: Bool = false) throws -> Data {
        do {
            return try Data(contentsOf: URL(fileURLWithPath: path), options: mapped ? .alwaysMapped : [])
        } catch {
            throw InputError("\(path): cannot read the file")
        }
    }
}

/// Collects answer lines and writes them to stdout in large blocks.
final class BufferedWriter {
    private var buffer: [UInt8] = []

    func write(_ line: String) {
        buffer.append(contentsOf: line.utf8)
        buffer.append(UInt8(ascii: "\n"))
        if buffer.count >= 1 << 16 { flush() }
    }

    func flush() {
        FileHandle.standardOutput.write(Data(buffer))
        buffer.removeAll(keepingCapacity: true)
    }
}
