import AWSClient
import ArgumentParser
import ECSMedic

/// Maps any error a command throws to the message and exit code of design.md §3.
enum CommandFailure {
    static func describe(_ error: Error, parser: ParsableCommand.Type) -> (message: String, code: Int32) {
        switch error {
        case let exit as ExitCode:
            return ("", exit.rawValue)
        case let input as InputError:
            return ("ecs-medic: \(input.message)", 2)
        case let configuration as AWSConfigurationError:
            return ("ecs-medic: \(configuration.message)", 2)
        case let missing as TargetNotCollected:
            return ("ecs-medic: \(missing.message)", 3)
        case let aws as AWSError:
            // No credentials, invalid credentials, access denied, unreachable API: facts could not be collected.
            return ("ecs-medic: \(aws)", 3)
        default:
            let code = parser.exitCode(for: error)
            let message = parser.fullMessage(for: error)
            // Help and --version exit 0; every other parser error is bad usage: 2, not EX_USAGE (64).
            guard code != .success else { return (message, 0) }
            // One line: the parser's first line without its "Error: " prefix (the usage lines are left to --help).
            let first = message.split(separator: "\n").first.map(String.init) ?? "\(error)"
            let reason = first.hasPrefix("Error: ") ? String(first.dropFirst("Error: ".count)) : first
            return ("ecs-medic: \(reason)", 2)
        }
    }
}
