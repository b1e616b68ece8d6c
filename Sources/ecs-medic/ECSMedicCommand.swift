import ArgumentParser
import ECSMedic
import Foundation

@main
struct ECSMedicCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ecs-medic",
        abstract: "Finds why an Amazon ECS task cannot start, and how to fix it.",
        version: ECSMedicVersion.current,
        subcommands: [
            DiagnoseCommand.self,
            FixCommand.self,
            CheckCommand.self,
            AuditCommand.self,
            RulesCommand.self,
            IAMCommand.self,
            ExplainCommand.self,
            WhoamiCommand.self,
            SnapshotCommand.self,
            PolicyCommand.self,
        ]
    )

    /// Runs the command and turns every error into one line on stderr and the exit code of design.md §3.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            let (message, code) = CommandFailure.describe(error, parser: Self.self)
            if !message.isEmpty {
                let stream = code == 0 ? FileHandle.standardOutput : FileHandle.standardError
                stream.write(Data((message.hasSuffix("\n") ? message : message + "\n").utf8))
            }
            Foundation.exit(code)
        }
    }
}
