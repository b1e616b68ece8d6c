import Foundation
import Testing
import TestSupport

/// Canary values planted in every credential source ecs-medic reads; every command that calls AWS, on its
/// success and error paths, `--debug` included, must never print or write one, nor a signature or an
/// `Authorization` header.
@Suite struct CredentialCanaryTests {
    /// Where the credentials come from.
    enum Source: String, CaseIterable, Sendable {
        case environment, credentialsFile, credentialProcess, webIdentity, container, sso, assumeRole
    }

    /// A scratch folder holding the planted inputs (`inputs/`, the user's HOME) and what ecs-medic writes
    /// (`outputs/`), with the canaries of one source.
    final class Setup: @unchecked Sendable {
        let root: URL
        let tag = UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(12).uppercased()
        var canaries: [String] = []
        var environment: [String: String] = [:]
        var servers: [LoopbackHTTPServer] = []

        var home: URL { root.appending(path: "inputs") }
        var outputs: URL { root.appending(path: "outputs") }

        init(_ source: Source, sts endpoint: String) throws {
            root = FileManager.default.temporaryDirectory.appending(path: "ecs-medic-canary-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: home.appending(path: ".aws/sso/cache"),
                                                    withIntermediateDirectories: true)
            try FileManager.default.createDirectory(at: outputs, withIntermediateDirectories: true)
            let keyID = "AKIACANARY\(tag.prefix(10))", secret = "canarySecret\(tag)", token = "canaryToken\(tag)"
            canaries = [keyID, secret, token]
            environment = ["HOME": home.path, "AWS_CONFIG_FILE": home.appending(path: ".aws/config").path,
                           "AWS_SHARED_CREDENTIALS_FILE": home.appending(path: ".aws/credentials").path,
                           "AWS_EC2_METADATA_DISABLED": "true", "AWS_PROFILE": "", "AWS_ACCESS_KEY_ID": "",
                           "AWS_SECRET_ACCESS_KEY": "", "AWS_SESSION_TOKEN": ""]
            var config = "", credentials = ""
            switch source {
            case .environment:
                environment["AWS_ACCESS_KEY_ID"] = keyID
                environment["AWS_SECRET_ACCESS_KEY"] = secret
                environment["AWS_SESSION_TOKEN"] = token
            case .credentialsFile:
                credentials = "[canary]\naws_access_key_id = \(keyID)\naws_secret_access_key = \(secret)\n"
                    + "aws_session_token = \(token)\n"
                environment["AWS_PROFILE"] = "canary"
            case .credentialProcess:
                let script = try write("""
                    #!/bin/sh
                    echo '{"Version": 1, "AccessKeyId": "\(keyID)", "SecretAccessKey": "\(secret)", "SessionToken": "\(token)"}'
                    """, to: "creds.sh")
                chmod(script, 0o755)
                config = "[profile canary]\ncredential_process = \(script)\n"
                environment["AWS_PROFILE"] = "canary"
            case .webIdentity:
                let jwt = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJjYW5hcnkifQ.canaryJWT\(tag)"
                canaries.append(jwt)
                environment["AWS_WEB_IDENTITY_TOKEN_FILE"] = try write(jwt, to: "web-identity-token")
                environment["AWS_ROLE_ARN"] = "arn:aws:iam::111122223333:role/canary-web"
            case .container:
                let authorization = "canaryContainerAuth\(tag)"
                canaries.append(authorization)
                let server = try LoopbackHTTPServer { request in
                    request.headers["authorization"] == authorization
                        ? .init(body: #"{"AccessKeyId":"\#(keyID)","SecretAccessKey":"\#(secret)","Token":"\#(token)","Expiration":"2099-01-01T00:00:00Z"}"#)
                        : .init(status: 401)
                }
                servers.append(server)
                environment["AWS_CONTAINER_CREDENTIALS_FULL_URI"] = server.url + "/creds"
                environment["AWS_CONTAINER_AUTHORIZATION_TOKEN"] = authorization
            case .sso:
                let accessToken = "canarySSOAccessToken\(tag)"
                canaries.append(accessToken)
                let server = try LoopbackHTTPServer { request in
                    request.headers["x-amz-sso_bearer_token"] == accessToken
                        ? .init(body: #"{"roleCredentials":{"accessKeyId":"\#(keyID)","secretAccessKey":"\#(secret)","sessionToken":"\#(token)","expiration":4070908800000}}"#)
                        : .init(status: 403)
                }
                servers.append(server)
                config = """
                    [profile canary]
                    sso_session = corp
                    sso_account_id = 111122223333
                    sso_role_name = ReadOnly

                    [sso-session corp]
                    sso_region = us-east-1
                    sso_start_url = https://corp.awsapps.com/start
                    """
                // `aws sso login` names the cache file by the SHA-1 of the session name (hashlib.sha1(b"corp")).
                _ = try write(#"{"accessToken":"\#(accessToken)","expiresAt":"2099-01-01T00:00:00Z"}"#,
                              to: ".aws/sso/cache/ee0bfd2552fbd840c02cc48b6e823320543c450f.json")
                environment["AWS_PROFILE"] = "canary"
                environment["AWS_ENDPOINT_URL_SSO"] = server.url
            case .assumeRole:
                credentials = "[base]\naws_access_key_id = \(keyID)\naws_secret_access_key = \(secret)\n"
                config = "[profile canary]\nrole_arn = arn:aws:iam::111122223333:role/canary\nsource_profile = base\n"
                environment["AWS_PROFILE"] = "canary"
            }
            _ = try write(config, to: ".aws/config")
            _ = try write(credentials, to: ".aws/credentials")
            environment["AWS_ENDPOINT_URL_STS"] = endpoint
        }

        func write(_ text: String, to name: String) throws -> String {
            let file = home.appending(path: name)
            try text.write(to: file, atomically: true, encoding: .utf8)
            return file.path
        }

        /// Every file ecs-medic wrote, as text.
        func written() throws -> [(String, String)] {
            let names = try FileManager.default.subpathsOfDirectory(atPath: outputs.path)
            return try names.map { ($0, try String(contentsOf: outputs.appending(path: $0), encoding: .utf8)) }
        }

        deinit {
            servers.forEach { $0.stop() }
            try? FileManager.default.removeItem(at: root)
        }
    }

    /// One scenario shared by every case (the launcher ends with the test process).
    static let scenario = Result { try LiveScenario("seed-no-secretsmanager-endpoint") }
    /// A moto that authenticates every request: any key of ours is unknown to it.
    static let strictMoto = Result { try MotoServer(environment: ["INITIAL_NO_AUTH_ACTION_COUNT": "0"]) }

    /// Text that would be a request signature or header, which ecs-medic must never print.
    static let signatureMarkers = ["Signature=", "Authorization:", "authorization:", "X-Amz-Security-Token",
                                   "x-amz-security-token", "AWS4-HMAC-SHA256 Credential"]

    @Test(arguments: Source.allCases)
    func noCanaryAppearsInAnythingEcsMedicPrintsOrWrites(_ source: Source) throws {
        let scenario = try Self.scenario.get()
        let setup = try Setup(source, sts: scenario.endpoint)
        var environment = setup.environment
        environment["AWS_ENDPOINT_URL"] = scenario.endpoint
        environment["AWS_REGION"] = scenario.region
        let target = ["--service", scenario.service, "--cluster", scenario.cluster]
        let snapshot = setup.outputs.appending(path: "snapshot.json").path
        var outputs: [(String, BinaryRunner.Output)] = []
        for arguments in [["diagnose"] + target + ["--debug"], ["diagnose"] + target + ["--debug", "--format", "json"],
                          ["snapshot", "record"] + target + ["--output", snapshot, "--debug"],
                          ["whoami", "--debug"], ["whoami", "--format", "json"]] {
            outputs.append((arguments.joined(separator: " "), try BinaryRunner.run(arguments, environment: environment)))
        }
        let successes = outputs
        #expect(successes[0].1.status == 1, "\(source): diagnose: \(successes[0].1.stderr)")
        #expect(successes[3].1.status == 0, "\(source): whoami: \(successes[3].1.stderr)")
        #expect(FileManager.default.fileExists(atPath: snapshot), "\(source): snapshot record wrote nothing")

        var unreachable = environment
        let closedPort = try LoopbackPort.free()
        unreachable["AWS_ENDPOINT_URL"] = "http://127.0.0.1:\(closedPort)"
        unreachable["AWS_ENDPOINT_URL_STS"] = "http://127.0.0.1:\(closedPort)"
        var rejecting = environment
        rejecting["AWS_ENDPOINT_URL"] = try Self.strictMoto.get().endpoint
        rejecting["AWS_ENDPOINT_URL_STS"] = try Self.strictMoto.get().endpoint
        for (label, env) in [("unreachable", unreachable), ("rejected", rejecting)] {
            for arguments in [["diagnose"] + target + ["--debug", "--timeout", "4"], ["whoami", "--debug", "--timeout", "4"]] {
                let output = try BinaryRunner.run(arguments, environment: env)
                // moto authenticates every call but sts:GetCallerIdentity, which it answers for any key.
                let expected: Set<Int32> = label == "rejected" && arguments[0] == "whoami" ? [0, 3] : [3]
                #expect(expected.contains(output.status),
                        "\(source) \(label) \(arguments[0]): \(output.status) \(output.stderr)")
                outputs.append(("\(label) \(arguments.joined(separator: " "))", output))
            }
        }

        let texts = outputs.flatMap { [("\($0.0) stdout", $0.1.stdout), ("\($0.0) stderr", $0.1.stderr)] }
            + (try setup.written())
        for (place, text) in texts {
            for canary in setup.canaries {
                #expect(!text.contains(canary), "\(source): \(place) holds a planted credential")
            }
            for marker in Self.signatureMarkers {
                #expect(!text.contains(marker), "\(source): \(place) holds \(marker)")
            }
            // Session credentials moto's STS issued for the assumed roles (access key ids start with ASIA).
            #expect(text.range(of: "ASIA[A-Z0-9]{16}", options: .regularExpression) == nil,
                    "\(source): \(place) holds an issued session key")
        }
    }
}
