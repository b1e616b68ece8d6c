import AWSClient
import ArgumentParser
import ECSMedic
import Foundation

/// `ecs-medic whoami`: the identity, credential source and region ecs-medic would use.
struct WhoamiCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "whoami",
        abstract: "Print the AWS account, ARN, credential source and region ecs-medic uses."
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    @Option(help: "Output format.")
    var format: Format = .text

    @OptionGroup var aws: AWSOptions

    func run() async throws {
        let client = AWSClient(configuration: try aws.configuration())
        let identity = try await CallerIdentity.fetch(with: client)
        let output = format == .json ? identity.json : identity.text
        FileHandle.standardOutput.write(Data(output.utf8))
    }
}
