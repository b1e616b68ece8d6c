import ArgumentParser
import ECSMedic
import Foundation

struct SnapshotCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "snapshot",
        abstract: "Record what a live diagnosis collects, or print the AWS CLI commands that build a snapshot folder.",
        subcommands: [Record.self, Commands.self])

    struct Record: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Collect a service's or task's facts from AWS (read-only) into a snapshot file.")

        @OptionGroup var target: TargetOptions

        @Option(help: "The snapshot file to write.")
        var output: String

        @OptionGroup var logs: LogOptions

        @OptionGroup var aws: AWSOptions

        func run() async throws {
            let snapshot = try await FactCollection.snapshot(nil, selector: target.selector(), aws: aws, logs: logs.limits)
            do {
                try OutputFile.write(try snapshot.json(), to: output)
            } catch {
                throw InputError("--output \(output): cannot write the file")
            }
        }
    }

    struct Commands: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the AWS CLI commands that write a snapshot folder for a service.")

        @Option(help: "The cluster (default: default).")
        var cluster: String = "default"

        @Option(help: "The service.")
        var service: String

        @Option(help: "The region the commands use.")
        var region: String?

        @OptionGroup var logs: LogOptions

        func run() {
            print(SnapshotCommands(cluster: cluster, service: service, region: region, logLines: logs.limits?.lines).script)
        }
    }
}
