import ArgumentParser

/// `ecs-medic iam`: the offline IAM policy evaluator and linter.
struct IAMCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "iam",
        abstract: "Evaluate and lint IAM policies offline (no AWS calls).",
        subcommands: [IAMSimulateCommand.self, IAMLintCommand.self]
    )
}
