import Foundation
import Testing
import TestSupport

/// `ecs-medic whoami` end to end: the built binary against moto_server and loopback credential servers.
struct WhoamiTests {
    /// An environment with an empty HOME, so that the machine's AWS files and variables never leak in.
    func environment(_ extra: [String: String]) throws -> [String: String] {
        let home = FileManager.default.temporaryDirectory.appending(path: "ecs-medic-whoami-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: home.appending(path: ".aws"), withIntermediateDirectories: true)
        var env = ["HOME": home.path, "AWS_EC2_METADATA_DISABLED": "true", "AWS_CONFIG_FILE": home.path + "/.aws/config",
                   "AWS_SHARED_CREDENTIALS_FILE": home.path + "/.aws/credentials"]
        for name in ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE", "AWS_REGION",
                     "AWS_DEFAULT_REGION", "AWS_ROLE_ARN", "AWS_WEB_IDENTITY_TOKEN_FILE",
                     "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "AWS_CONTAINER_CREDENTIALS_FULL_URI"] {
            env[name] = ""
        }
        env.merge(extra) { $1 }
        return env
    }

    @Test func printsIdentityFromEnvironmentCredentials() throws {
        let moto = try MotoServer.shared()
        let output = try BinaryRunner.run(["whoami", "--region", "eu-west-1"], environment: try environment([
            "AWS_ACCESS_KEY_ID": "AKIDWHOAMI", "AWS_SECRET_ACCESS_KEY": "s", "AWS_ENDPOINT_URL": moto.endpoint,
        ]))
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.stdout == """
            Account:     123456789012
            ARN:         arn:aws:sts::123456789012:user/moto
            Credentials: environment
            Region:      eu-west-1

            """)
        #expect(output.stderr.isEmpty)
    }

    @Test func jsonFormatWithAnAssumeRoleProfile() throws {
        let moto = try MotoServer.shared()
        var env = try environment(["AWS_ENDPOINT_URL": moto.endpoint])
        let config = """
            [profile base]
            aws_access_key_id = AKIDBASE
            aws_secret_access_key = base
            [profile audit]
            role_arn = arn:aws:iam::123456789012:role/medic-audit
            source_profile = base
            role_session_name = whoami
            region = ap-northeast-2
            """
        try config.write(toFile: try #require(env["AWS_CONFIG_FILE"]), atomically: true, encoding: .utf8)
        env["AWS_PROFILE"] = "audit"
        let output = try BinaryRunner.run(["whoami", "--format", "json"], environment: env)
        #expect(output.status == 0, "\(output.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any]
        #expect(json?["account"] as? String == "123456789012")
        #expect(json?["arn"] as? String == "arn:aws:sts::123456789012:assumed-role/medic-audit/whoami")
        #expect(json?["credentialSource"] as? String
            == "assumed role arn:aws:iam::123456789012:role/medic-audit via profile base")
        #expect(json?["region"] as? String == "ap-northeast-2")
        #expect(json?["profile"] as? String == "audit")
    }

    @Test func containerCredentialsFromALoopbackServer() throws {
        let moto = try MotoServer.shared()
        let server = try LoopbackHTTPServer { request in
            request.headers["authorization"] == "container-secret-token"
                ? .init(body: #"{"AccessKeyId":"AKIDCONTAINER","SecretAccessKey":"c","Token":"t","Expiration":"2099-01-01T00:00:00Z"}"#)
                : .init(status: 401)
        }
        let output = try BinaryRunner.run(["whoami", "--region", "us-east-1", "--debug"], environment: try environment([
            "AWS_ENDPOINT_URL": moto.endpoint, "AWS_CONTAINER_CREDENTIALS_FULL_URI": server.url + "/v2/credentials",
            "AWS_CONTAINER_AUTHORIZATION_TOKEN": "container-secret-token",
        ]))
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.stdout.contains("Credentials: container\n"))
        #expect(output.stderr.contains("sts:GetCallerIdentity status=200"))
        #expect(!output.stderr.contains("container-secret-token"))
        #expect(!output.stderr.contains("Signature="))
    }

    @Test func instanceMetadataFromALoopbackServer() throws {
        let moto = try MotoServer.shared()
        let server = try LoopbackHTTPServer { request in
            switch (request.method, request.path) {
            case ("PUT", "/latest/api/token"): return .init(body: "imds-token")
            case ("GET", "/latest/meta-data/iam/security-credentials/"): return .init(body: "web-role")
            case ("GET", "/latest/meta-data/iam/security-credentials/web-role"):
                return .init(body: #"{"Code":"Success","AccessKeyId":"AKIDIMDS","SecretAccessKey":"i","Token":"t","Expiration":"2099-01-01T00:00:00Z"}"#)
            default: return .init(status: 404)
            }
        }
        var env = try environment(["AWS_ENDPOINT_URL": moto.endpoint, "AWS_EC2_METADATA_SERVICE_ENDPOINT": server.url])
        env["AWS_EC2_METADATA_DISABLED"] = "false"
        let output = try BinaryRunner.run(["whoami", "--region", "us-east-1"], environment: env)
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.stdout.contains("Credentials: instance\n"))
    }

    @Test func missingCredentialsExitThreeWithOneLine() throws {
        let output = try BinaryRunner.run(["whoami", "--region", "us-east-1"], environment: try environment([:]))
        #expect(output.status == 3)
        #expect(output.stdout.isEmpty)
        #expect(output.stderr.hasPrefix("ecs-medic: no AWS credentials found"))
        #expect(output.stderr.split(separator: "\n").count == 1)
    }

    @Test func invalidCredentialsExitThree() throws {
        let moto = try MotoServer(environment: ["INITIAL_NO_AUTH_ACTION_COUNT": "0"])
        defer { moto.stop() }
        let output = try BinaryRunner.run(["whoami", "--region", "us-east-1"], environment: try environment([
            "AWS_ACCESS_KEY_ID": "AKIDNOTAKEY", "AWS_SECRET_ACCESS_KEY": "s", "AWS_ENDPOINT_URL": moto.endpoint,
        ]))
        #expect(output.status == 3)
        #expect(output.stderr.hasPrefix("ecs-medic: sts:GetCallerIdentity: InvalidClientTokenId"))
        #expect(output.stderr.split(separator: "\n").count == 1)
    }

    @Test func unreachableAPIExitsThree() throws {
        let port = try LoopbackPort.free()
        let output = try BinaryRunner.run(["whoami", "--region", "us-east-1", "--timeout", "2"],
                                          environment: try environment([
            "AWS_ACCESS_KEY_ID": "AKIDX", "AWS_SECRET_ACCESS_KEY": "s", "AWS_ENDPOINT_URL": "http://127.0.0.1:\(port)",
        ]))
        #expect(output.status == 3)
        #expect(output.stderr.hasPrefix("ecs-medic: sts:GetCallerIdentity: ConnectionError"))
    }

    @Test func unknownProfileIsBadUsage() throws {
        let output = try BinaryRunner.run(["whoami", "--profile", "nope", "--region", "us-east-1"],
                                          environment: try environment([:]))
        #expect(output.status == 2)
        #expect(output.stderr == "ecs-medic: the AWS profile nope does not exist in the config or credentials file\n")
    }
}
