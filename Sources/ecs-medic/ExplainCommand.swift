import ArgumentParser
import ECSMedic

/// `ecs-medic explain "<stopped reason>" | -`: classifies a stopped reason offline (design.md §3 and §6).
struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Classify a stopped reason, container reason or service event offline.",
        discussion: "Prints the failure's category, its likely causes, the facts that tell them apart and the rules that check them."
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    @Argument(help: "The message as the console shows it, or - to read it from standard input.")
    var message: String

    @Option(help: "Output format: text or json.")
    var format: Format = .text

    func run() throws {
        let classification = StoppedReasonClassifier().classify(try ExplainInput.message(argument: message))
            .checked(by: try RuleSet.load().rules)
        switch format {
        case .text: print(ExplainRenderer.text(classification), terminator: "")
        case .json: print(try ExplainRenderer.json(classification), terminator: "")
        }
    }
}
