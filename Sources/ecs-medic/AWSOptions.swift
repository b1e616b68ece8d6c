import AWSClient
import ArgumentParser
import Foundation
import Logging

/// The AWS flags every command that calls AWS shares (design.md §3), resolved as the AWS CLI resolves them.
struct AWSOptions: ParsableArguments {
    @Option(help: "AWS region (default: AWS_REGION, AWS_DEFAULT_REGION, then the profile's region).")
    var region: String?

    @Option(help: "Profile of the AWS shared config and credentials files (default: AWS_PROFILE, else default).")
    var profile: String?

    @Option(name: .customLong("role-arn"), help: "Assume this IAM role on top of the resolved credentials.")
    var roleARN: String?

    @Option(help: "Seconds allowed for all AWS calls of the run (each request gets at most a quarter of it, 20 s at most); calls still outstanding then are reported unverified.")
    var timeout: Double = Self.defaultTimeout

    @Flag(help: "Log each AWS call (service, operation, status, duration, attempt) to stderr.")
    var debug = false

    func validate() throws {
        if !(timeout > 0) {
            throw ValidationError("--timeout must be a positive number of seconds")
        }
    }

    /// The client configuration for these flags and the process environment.
    func configuration(environment: [String: String] = ProcessInfo.processInfo.environment) throws
        -> AWSConfiguration {
        try Self.configuration(profile: profile, region: region, roleARN: roleARN, timeout: timeout, debug: debug,
                               environment: environment)
    }

    /// The client configuration for these settings, for commands that take some of them differently (`audit`'s
    /// repeatable `--region`).
    static func configuration(profile: String?, region: String?, roleARN: String?, timeout: Double, debug: Bool,
                              environment: [String: String] = ProcessInfo.processInfo.environment) throws
        -> AWSConfiguration {
        var logger = Logger(label: "ecs-medic.aws") { label -> any LogHandler in
            debug ? StreamLogHandler.standardError(label: label) : SwiftLogNoOpLogHandler()
        }
        logger.logLevel = debug ? .debug : .critical
        return try AWSConfiguration.resolve(profile: profile, region: region, roleARN: roleARN,
                                            environment: environment, timeout: requestTimeout(within: timeout),
                                            deadline: Date().addingTimeInterval(timeout), logger: logger)
    }

    /// The default `--timeout`: the whole collection of a diagnosis takes well under a second against a healthy API.
    static let defaultTimeout: Double = 120

    /// Seconds allowed for one request: a quarter of the run's limit, at most 20 s, so that a stalled request
    /// leaves time for its retries and the calls after it.
    static func requestTimeout(within timeout: Double) -> Double { min(20, timeout / 4) }
}
