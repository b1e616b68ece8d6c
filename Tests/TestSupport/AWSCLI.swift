import Foundation

/// Runs the real AWS CLI (`aws` on PATH) against an endpoint, as the oracle for what the client must return:
/// timestamps in ISO 8601 (`cli_timestamp_format = iso8601`), JSON output, static test credentials.
public enum AWSCLI {
    /// Runs `aws <arguments> --endpoint-url <endpoint> --region <region> --output json` and parses stdout
    /// (`{}` when the command prints nothing).
    @discardableResult
    public static func run(_ arguments: [String], endpoint: String, region: String = "us-east-1") throws -> Data {
        guard let executable = MotoServer.findOnPath("aws") else {
            throw TestSupportError("the aws CLI is not on PATH: pip install awscli")
        }
        let config = FileManager.default.temporaryDirectory.appending(path: "ecs-medic-cli-oracle.ini")
        try "[default]\ncli_timestamp_format = iso8601\n".write(to: config, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments + ["--endpoint-url", endpoint, "--region", region, "--output", "json"]
        var env = ProcessInfo.processInfo.environment
        env["AWS_ACCESS_KEY_ID"] = "testing"
        env["AWS_SECRET_ACCESS_KEY"] = "testing"
        env["AWS_CONFIG_FILE"] = config.path
        env["AWS_SHARED_CREDENTIALS_FILE"] = "/dev/null"
        env["AWS_PAGER"] = ""
        for name in ["AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_DEFAULT_PROFILE"] { env[name] = nil }
        process.environment = env
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let data = (try out.fileHandleForReading.readToEnd() ?? Data())
        let errors = (try err.fileHandleForReading.readToEnd() ?? Data())
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw TestSupportError("aws \(arguments.joined(separator: " ")) failed: "
                + String(decoding: errors, as: UTF8.self))
        }
        return data.isEmpty ? Data("{}".utf8) : data
    }
}
