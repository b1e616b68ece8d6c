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
        let output = FileHandle.standardOutput
        if let batch {
            var buffer = ""
            try runner.answerBatch(try Self.read(batch), source: batch) { line in
                buffer += line
                buffer += "\n"
                if buffer.utf8.count >= 1 << 16 {
                    output.write(Data(buffer.utf8))
                    buffer = ""
                }
            }
            output.write(Data(buffer.utf8))
        } else if let request {
            output.write(Data((try runner.answer(json: try Self.read(request), source: request).json + "\n").utf8))
        }
    }

    static func read(_ path: String) throws -> Data {
        do {
            return try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw InputError("\(path): cannot read the file")
        }
    }
}
