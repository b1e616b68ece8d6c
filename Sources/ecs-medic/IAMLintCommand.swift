import ArgumentParser
import ECSMedic
import Foundation

/// `ecs-medic iam lint POLICY.json`: checks a policy against AWS's service authorization data.
struct IAMLintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint",
        abstract: "Check a policy for unknown actions, wrong resource types and unsupported condition keys.",
        discussion: "Exits 1 when it finds an error, 0 when it finds only warnings or nothing, 2 for a malformed policy."
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    @Argument(help: "A policy document (JSON).")
    var policy: String

    @Option(name: .long, help: "text or json.")
    var format: Format = .text

    func run() throws {
        let document: PolicyDocument
        do {
            document = try PolicyDocument(json: try IAMSimulateCommand.read(policy), name: policy)
        } catch let error as PolicyError {
            throw InputError(error.description)
        }
        guard let data = ServiceAuthorizationData.builtin else {
            throw InputError("the built-in service authorization data (data/iam-actions.json) cannot be read")
        }
        let report = LintReport(file: policy, policy: document, data: data)
        FileHandle.standardOutput.write(Data((format == .json ? report.json + "\n" : report.text).utf8))
        if report.hasErrors { throw ExitCode(1) }
    }
}
