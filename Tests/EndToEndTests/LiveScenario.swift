import Foundation
import TestSupport

/// One fixture scenario served live by `scripts/live-scenario.py` (moto in-process, its departures from AWS
/// corrected), running until `stop()` closes the launcher's stdin.
final class LiveScenario: @unchecked Sendable {
    let name: String
    let endpoint: String
    let region: String
    let cluster: String
    let service: String
    /// The file moto's request recorder appends every request made after the build to.
    let recording: URL
    /// Id moto drew in this run → the id the fixture folder shows for it.
    let aliases: [String: String]
    /// With `enforceIAM`: "*" (the whole policy) or the action left out → that user's access key id and secret.
    let principals: [String: (accessKeyID: String, secretAccessKey: String)]
    private let process: Process
    private let input: Pipe

    /// Starts the launcher for `name` (a fixture folder built by `scripts/make-fixtures.py`) and waits for its
    /// JSON line. `canary`, when given, is planted as a plaintext `DB_PASSWORD_PLAIN` in the task definition;
    /// `deny` (`service:Operation`) makes moto answer that operation with access denied; `agedOut` removes the
    /// service's tasks, as ECS does about an hour after they stop; `denyTimes` denies only the first N requests;
    /// `enforceIAM` (a policy document file) makes moto authorize every request, with one user per action of the
    /// policy left out (`principals`).
    /// `afterStart` writes what the task left after it started (its log lines, in which the app prints
    /// `logCanary` as a password, the service's metrics, Container Insights on). `logRegion` puts the app
    /// container's log group in that region (its `awslogs-region`).
    init(_ name: String, canary: String? = nil, deny: String? = nil, denyTimes: Int? = nil, agedOut: Bool = false,
         enforceIAM: String? = nil, afterStart: Bool = false, logCanary: String? = nil, logRegion: String? = nil) throws {
        self.name = name
        var arguments = [name]
        if let canary { arguments += ["--canary", canary] }
        if afterStart { arguments.append("--after-start") }
        if let logCanary { arguments += ["--log-canary", logCanary] }
        if let logRegion { arguments += ["--log-region", logRegion] }
        if let deny { arguments += ["--deny", deny] }
        if let denyTimes { arguments += ["--deny-times", String(denyTimes)] }
        if agedOut { arguments.append("--aged-out") }
        if let enforceIAM { arguments += ["--enforce-iam", enforceIAM] }
        let line: Data
        (process, input, line) = try Self.launch("scripts/live-scenario.py", arguments)
        guard let json = try? JSONSerialization.jsonObject(with: line) as? [String: Any],
              let endpoint = json["endpoint"] as? String, let region = json["region"] as? String,
              let cluster = json["cluster"] as? String, let service = json["service"] as? String,
              let recording = json["recording"] as? String, let aliases = json["aliases"] as? [String: String]
        else {
            try? input.fileHandleForWriting.close()
            process.waitUntilExit()
            throw TestSupportError("scripts/live-scenario.py \(name) exited (\(process.terminationStatus)) "
                + "without its JSON line: \(String(decoding: line, as: UTF8.self))")
        }
        self.endpoint = endpoint
        self.region = region
        self.cluster = cluster
        self.service = service
        self.recording = URL(fileURLWithPath: recording)
        self.aliases = aliases
        var principals: [String: (accessKeyID: String, secretAccessKey: String)] = [:]
        for (action, keys) in json["principals"] as? [String: [String: String]] ?? [:] {
            if let id = keys["accessKeyId"], let secret = keys["secretAccessKey"] { principals[action] = (id, secret) }
        }
        self.principals = principals
    }

    /// The environment a live `ecs-medic` run gets: this server, static test credentials, and no profile or
    /// config file of the machine's user.
    var environment: [String: String] {
        ["AWS_ENDPOINT_URL": endpoint, "AWS_ACCESS_KEY_ID": Self.accessKeyID,
         "AWS_SECRET_ACCESS_KEY": Self.secretAccessKey, "AWS_REGION": region,
         "AWS_CONFIG_FILE": "/dev/null", "AWS_SHARED_CREDENTIALS_FILE": "/dev/null", "AWS_PROFILE": "",
         "AWS_SESSION_TOKEN": ""]
    }

    /// `environment` signing as one of `principals`.
    func environment(as principal: String) -> [String: String] {
        var environment = environment
        environment["AWS_ACCESS_KEY_ID"] = principals[principal]?.accessKeyID
        environment["AWS_SECRET_ACCESS_KEY"] = principals[principal]?.secretAccessKey
        return environment
    }

    static let accessKeyID = "AKIAECSMEDICLIVETEST"
    static let secretAccessKey = "ecsMedicLiveTestSecretKey0123456789abcdef"

    /// Runs `ecs-medic` against this scenario.
    func run(_ arguments: [String]) throws -> BinaryRunner.Output {
        try BinaryRunner.run(arguments, environment: environment)
    }

    /// `diagnose --service <service> --cluster <cluster>` plus `extra`.
    func diagnose(_ extra: [String] = []) throws -> BinaryRunner.Output {
        try run(["diagnose", "--service", service, "--cluster", cluster] + extra)
    }

    /// Runs the script `ecs-medic snapshot commands` prints for this scenario's service with the AWS CLI (the
    /// `.venv`'s, CLI v1) against this server, in a new folder, and returns the folder and the script's stderr.
    /// CLI v1 prints timestamps as the service sent them unless `cli_timestamp_format = iso8601` (CLI v2's
    /// default, which the fixtures show), so the config file says so.
    func runSnapshotCommands() throws -> (folder: URL, stderr: String) {
        let folder = FileManager.default.temporaryDirectory.appending(path: "ecs-medic-commands-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let printed = try run(["snapshot", "commands", "--cluster", cluster, "--service", service])
        guard printed.status == 0 else { throw TestSupportError("snapshot commands exited \(printed.status): \(printed.stderr)") }
        let script = folder.appending(path: "commands.sh")
        try printed.stdout.write(to: script, atomically: true, encoding: .utf8)
        let config = folder.appending(path: "aws-cli.ini")
        try "[default]\ncli_timestamp_format = iso8601\n".write(to: config, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [script.path]
        process.currentDirectoryURL = folder
        var environment = ProcessInfo.processInfo.environment
        for (key, value) in self.environment { environment[key] = value }
        environment["PATH"] = BinaryRunner.packageRoot.appending(path: ".venv/bin").path + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
        environment["AWS_DEFAULT_REGION"] = region
        environment["AWS_CONFIG_FILE"] = config.path
        for name in ["AWS_PROFILE", "AWS_SESSION_TOKEN"] { environment[name] = nil }
        process.environment = environment
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let stderr = String(decoding: (try errors.fileHandleForReading.readToEnd() ?? Data()), as: UTF8.self)
        process.waitUntilExit()
        try FileManager.default.removeItem(at: script)
        try FileManager.default.removeItem(at: config)
        guard process.terminationStatus == 0 else {
            throw TestSupportError("the snapshot commands script exited \(process.terminationStatus): \(stderr)")
        }
        return (folder, stderr)
    }

    /// `text` with every id moto drew replaced by the fixture's id for it.
    func fixtureIds(_ text: String) -> String {
        aliases.keys.sorted { $0.count > $1.count }.reduce(text) { $0.replacingOccurrences(of: $1, with: aliases[$1] ?? $1) }
    }

    /// The AWS state `fix --apply` may change, read with boto3 by `scripts/aws-state.py` (independently of
    /// ecs-medic), after tagging `tag` (resource id, key, value) when given.
    func awsState(tag: (String, String, String)? = nil) throws -> AWSState {
        let process = Process()
        process.executableURL = try Self.python()
        var arguments = [BinaryRunner.packageRoot.appending(path: "scripts/aws-state.py").path, endpoint, region]
        if let tag { arguments += ["--tag", tag.0, tag.1, tag.2] }
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = (try output.fileHandleForReading.readToEnd() ?? Data())
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw TestSupportError("scripts/aws-state.py exited \(process.terminationStatus)")
        }
        return try AWSState(data)
    }

    /// Every request the recorder saw after the build.
    func requests() throws -> [RecordedRequest] {
        let text = try String(contentsOf: recording, encoding: .utf8)
        return text.split(separator: "\n").compactMap { RecordedRequest(line: String($0)) }
    }

    /// Closes the launcher's stdin (it stops moto and exits) and removes the recording.
    func stop() {
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: recording)
    }

    deinit {
        stop()
    }

    /// Starts a launcher script of `scripts/` and reads its one JSON line; it serves until its stdin closes.
    static func launch(_ script: String, _ arguments: [String]) throws -> (process: Process, input: Pipe, line: Data) {
        let process = Process()
        process.executableURL = try python()
        process.arguments = [BinaryRunner.packageRoot.appending(path: script).path] + arguments
        let output = Pipe(), input = Pipe()
        process.standardOutput = output
        process.standardInput = input
        process.standardError = FileHandle.nullDevice
        try process.run()
        var line = Data()
        while true {
            let byte = output.fileHandleForReading.readData(ofLength: 1)
            if byte.isEmpty || byte == Data("\n".utf8) { break }
            line.append(byte)
        }
        return (process, input, line)
    }

    static func python() throws -> URL {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        let venv = BinaryRunner.packageRoot.appending(path: ".venv/bin")
        for directory in [venv.path] + path.split(separator: ":").map(String.init) {
            let moto = "\(directory)/moto_server", python = "\(directory)/python3"
            if FileManager.default.isExecutableFile(atPath: moto), FileManager.default.isExecutableFile(atPath: python) {
                return URL(fileURLWithPath: python)
            }
        }
        throw TestSupportError("no python3 with moto on PATH: run scripts/test.sh, or "
            + "`python3 -m venv .venv && .venv/bin/pip install -r requirements-test.txt`")
    }
}

/// One request moto's recorder wrote: the signing service and the operation, read the way moto routes it.
struct RecordedRequest: Sendable {
    /// The SigV4 credential scope's service (`ecs`, `ec2`, `iam`, ...), which is the IAM action prefix.
    let service: String
    let operation: String
    /// The SigV4 credential scope's region: where the request was meant to go.
    let region: String
    let userAgent: String
    let accessKeyID: String
    /// The request's parameters: the JSON body, or the query form's fields.
    let parameters: [String: String]

    init?(line: String) {
        guard let entry = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
              let headers = entry["headers"] as? [String: String] else { return nil }
        let header = { (name: String) in headers.first { $0.key.lowercased() == name }?.value ?? "" }
        let scope = header("authorization").split(separator: "Credential=").last?
            .split(separator: ",").first?.split(separator: "/").map(String.init) ?? []
        guard scope.count >= 4 else { return nil }
        accessKeyID = scope[0]
        region = scope[2]
        // CloudWatch signs as `monitoring`; its IAM actions are `cloudwatch:`.
        service = scope[3] == "monitoring" ? "cloudwatch" : scope[3]
        userAgent = header("user-agent")
        var body = entry["body"] as? String ?? ""
        if entry["body_encoded"] as? Bool == true, let data = Data(base64Encoded: body) {
            body = String(decoding: data, as: UTF8.self)
        }
        var parameters: [String: String] = [:]
        if let json = try? JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any] {
            for (key, value) in json { parameters[key] = "\(value)" }
        } else {
            for pair in body.split(separator: "&") {
                let parts = pair.split(separator: "=", maxSplits: 1).map { String($0).removingPercentEncoding ?? String($0) }
                if parts.count == 2 { parameters[parts[0]] = parts[1] }
            }
        }
        self.parameters = parameters
        let target = header("x-amz-target")
        if let action = parameters["Action"] {
            operation = action
        } else if let last = target.split(separator: ".").last {
            operation = String(last)
        } else if let operation = Self.rpcV2Operation(entry["url"] as? String) {
            self.operation = operation
        } else if service == "route53", let operation = Self.route53Operation(entry["method"] as? String, entry["url"] as? String) {
            self.operation = operation
        } else if service == "elasticfilesystem", let operation = Self.efsOperation(entry["method"] as? String, entry["url"] as? String) {
            self.operation = operation
        } else {
            return nil
        }
    }

    /// The operation of a Smithy RPC v2 CBOR request (the AWS CLI's protocol for CloudWatch): `POST
    /// /service/<service>/operation/<Operation>`.
    private static func rpcV2Operation(_ url: String?) -> String? {
        guard let path = url.flatMap(URL.init(string:))?.path else { return nil }
        let parts = path.split(separator: "/").map(String.init)
        return parts.count == 4 && parts[0] == "service" && parts[2] == "operation" ? parts[3] : nil
    }

    /// The Route 53 operation of a REST request (no `Action` parameter or target header), from its method and path.
    private static func route53Operation(_ method: String?, _ url: String?) -> String? {
        guard method == "GET", let path = url.flatMap(URL.init(string:))?.path else { return nil }
        let parts = path.split(separator: "/").map(String.init)
        guard parts.first == "2013-04-01" else { return nil }
        switch Array(parts.dropFirst()) {
        case ["hostedzonesbyvpc"]: return "ListHostedZonesByVPC"
        case let rest where rest.count == 3 && rest[0] == "hostedzone" && rest[2] == "rrset": return "ListResourceRecordSets"
        case let rest where rest.count == 2 && rest[0] == "hostedzone": return "GetHostedZone"
        default: return nil
        }
    }

    /// The EFS operation of a REST request (rest-json), from its method and path.
    private static func efsOperation(_ method: String?, _ url: String?) -> String? {
        guard method == "GET", let path = url.flatMap(URL.init(string:))?.path else { return nil }
        let parts = path.split(separator: "/").map(String.init)
        switch parts {
        case ["2015-02-01", "mount-targets"]: return "DescribeMountTargets"
        case let rest where rest.count == 4 && rest[1] == "mount-targets" && rest[3] == "security-groups":
            return "DescribeMountTargetSecurityGroups"
        default: return nil
        }
    }

    /// `service:Operation`, the IAM action this request needs.
    var action: String { "\(service):\(operation)" }

    /// Whether this request reads a secret's value or decrypts: what ecs-medic must never do.
    var readsASecret: Bool {
        switch action {
        case "secretsmanager:GetSecretValue", "secretsmanager:BatchGetSecretValue", "kms:Decrypt":
            return true
        case "ssm:GetParameter", "ssm:GetParameters", "ssm:GetParametersByPath":
            return parameters["WithDecryption"].map { ["1", "true"].contains($0.lowercased()) } ?? false
        default:
            return false
        }
    }
}
