import ArgumentParser
import ECSMedic

struct PolicyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "policy",
        abstract: "Print the least-privilege, read-only IAM policy ecs-medic needs for a live diagnosis.")

    func run() throws {
        print(try ReadOnlyPolicy.document())
    }
}
