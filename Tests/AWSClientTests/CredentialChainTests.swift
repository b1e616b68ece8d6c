import AWSClient
import Foundation
import Testing
import TestSupport

/// The credential chain resolved by `AWSConfiguration.resolve`, each source set up locally: environment,
/// profile files with an assume-role chain (STS on moto_server), credential_process, web identity, container
/// credentials and IMDSv2 served by loopback servers, IAM Identity Center with a cached token.
struct CredentialChainTests {
    /// A scratch HOME with `.aws/config`, so the machine's own AWS files never leak in.
    final class Home {
        let url: URL

        init(config: String = "", credentials: String = "") throws {
            url = FileManager.default.temporaryDirectory.appending(path: "ecs-medic-home-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: url.appending(path: ".aws/sso/cache"),
                                                    withIntermediateDirectories: true)
            try config.write(to: url.appending(path: ".aws/config"), atomically: true, encoding: .utf8)
            try credentials.write(to: url.appending(path: ".aws/credentials"), atomically: true, encoding: .utf8)
        }

        func write(_ text: String, to name: String) throws -> String {
            let file = url.appending(path: name)
            try text.write(to: file, atomically: true, encoding: .utf8)
            return file.path
        }

        deinit {
            try? FileManager.default.removeItem(at: url)
        }
    }

    func environment(_ home: Home, _ extra: [String: String] = [:]) throws -> [String: String] {
        var env = ["HOME": home.url.path, "AWS_ENDPOINT_URL": try MotoServer.shared().endpoint,
                   "AWS_EC2_METADATA_DISABLED": "true", "PATH": ProcessInfo.processInfo.environment["PATH"] ?? ""]
        env.merge(extra) { $1 }
        return env
    }

    func identity(_ configuration: AWSConfiguration) async throws -> JSONValue {
        try await AWSClient(configuration: configuration).send(.sts, "GetCallerIdentity")
    }

    static let profiles = """
        [default]
        region = eu-central-1

        [profile base]
        region = eu-west-2

        [profile ops]
        role_arn = arn:aws:iam::123456789012:role/ops
        source_profile = base
        role_session_name = ops-session

        [profile deep]
        role_arn = arn:aws:iam::123456789012:role/deep
        source_profile = ops
        role_session_name = deep-session
        region = eu-west-1

        [profile loop]
        role_arn = arn:aws:iam::123456789012:role/loop
        source_profile = loop2

        [profile loop2]
        role_arn = arn:aws:iam::123456789012:role/loop2
        source_profile = loop
        """
    static let keys = """
        [base]
        aws_access_key_id = AKIDBASEPROFILE
        aws_secret_access_key = base-secret
        """

    @Test func environmentComesBeforeAWSProfile() async throws {
        let home = try Home(config: Self.profiles, credentials: Self.keys)
        let env = try environment(home, ["AWS_ACCESS_KEY_ID": "AKIDENVIRONMENT", "AWS_SECRET_ACCESS_KEY": "s",
                                         "AWS_PROFILE": "base"])
        let configuration = try AWSConfiguration.resolve(profile: nil, region: nil, roleARN: nil, environment: env)
        let credentials = try await configuration.credentialProvider.credentials()
        #expect(credentials.source == .environment)
        #expect(credentials.accessKeyID == "AKIDENVIRONMENT")
        #expect(configuration.region == "eu-west-2")
        #expect(try await identity(configuration)["Account"] == "123456789012")
    }

    @Test func explicitProfileSkipsTheEnvironment() async throws {
        let home = try Home(config: Self.profiles, credentials: Self.keys)
        let env = try environment(home, ["AWS_ACCESS_KEY_ID": "AKIDENVIRONMENT", "AWS_SECRET_ACCESS_KEY": "s"])
        let configuration = try AWSConfiguration.resolve(profile: "base", region: nil, roleARN: nil, environment: env)
        let credentials = try await configuration.credentialProvider.credentials()
        #expect(credentials.source == .profile("base"))
        #expect(credentials.accessKeyID == "AKIDBASEPROFILE")
    }

    @Test func profileAssumeRoleChain() async throws {
        let home = try Home(config: Self.profiles, credentials: Self.keys)
        let configuration = try AWSConfiguration.resolve(profile: "deep", region: nil, roleARN: nil,
                                                         environment: try environment(home))
        #expect(configuration.region == "eu-west-1")
        let credentials = try await configuration.credentialProvider.credentials()
        #expect(credentials.source == .assumedRole(
            roleARN: "arn:aws:iam::123456789012:role/deep",
            via: .assumedRole(roleARN: "arn:aws:iam::123456789012:role/ops", via: .profile("base"))))
        #expect(credentials.sessionToken != nil)
        #expect(credentials.expiration != nil)
        #expect(try await identity(configuration)["Arn"]
            == "arn:aws:sts::123456789012:assumed-role/deep/deep-session")
    }

    @Test func sourceProfileCyclesAreConfigurationErrors() throws {
        let home = try Home(config: Self.profiles, credentials: Self.keys)
        #expect(throws: AWSConfigurationError.self) {
            try AWSConfiguration.resolve(profile: "loop", region: "us-east-1", roleARN: nil,
                                         environment: try environment(home))
        }
    }

    @Test func roleARNIsAssumedOnTop() async throws {
        let home = try Home()
        let env = try environment(home, ["AWS_ACCESS_KEY_ID": "AKIDENVIRONMENT", "AWS_SECRET_ACCESS_KEY": "s"])
        let configuration = try AWSConfiguration.resolve(profile: nil, region: "us-east-1",
                                                         roleARN: "arn:aws:iam::210987654321:role/audit",
                                                         environment: env)
        let credentials = try await configuration.credentialProvider.credentials()
        #expect(credentials.source == .assumedRole(roleARN: "arn:aws:iam::210987654321:role/audit", via: .environment))
        let arn = try #require(try await identity(configuration)["Arn"]?.stringValue)
        #expect(arn.hasPrefix("arn:aws:sts::210987654321:assumed-role/audit/"))
    }

    @Test func credentialProcess() async throws {
        let home = try Home()
        let script = try home.write("""
            #!/bin/sh
            echo '{"Version": 1, "AccessKeyId": "AKIDPROCESS", "SecretAccessKey": "process-secret", "SessionToken": "tok", "Expiration": "2099-01-01T00:00:00Z"}'
            """, to: "creds.sh")
        chmod(script, 0o755)
        try "[profile proc]\ncredential_process = \(script) --flag \"quoted arg\"\nregion = us-west-1\n"
            .write(to: home.url.appending(path: ".aws/config"), atomically: true, encoding: .utf8)
        let configuration = try AWSConfiguration.resolve(profile: "proc", region: nil, roleARN: nil,
                                                         environment: try environment(home))
        let credentials = try await configuration.credentialProvider.credentials()
        #expect(credentials.source == .process(profile: "proc"))
        #expect(credentials.accessKeyID == "AKIDPROCESS")
        #expect(credentials.sessionToken == "tok")
        #expect(credentials.expiration == Date(timeIntervalSince1970: 4_070_908_800))
    }

    @Test func failingCredentialProcessIsAnAuthFailure() async throws {
        let home = try Home(config: "[default]\ncredential_process = /bin/sh -c 'echo nope >&2; exit 3'\n")
        let configuration = try AWSConfiguration.resolve(profile: nil, region: "us-east-1", roleARN: nil,
                                                         environment: try environment(home))
        let error = await #expect(throws: AWSError.self) { try await configuration.credentialProvider.credentials() }
        #expect(error?.kind == .authFailure)
        #expect(error?.message.contains("nope") == true)
    }

    @Test func webIdentityFromTheEnvironment() async throws {
        let home = try Home()
        let tokenFile = try home.write("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJtZWRpYyJ9.c2lnbmF0dXJl", to: "token")
        let env = try environment(home, ["AWS_WEB_IDENTITY_TOKEN_FILE": tokenFile,
                                         "AWS_ROLE_ARN": "arn:aws:iam::123456789012:role/web",
                                         "AWS_ROLE_SESSION_NAME": "web-session"])
        let configuration = try AWSConfiguration.resolve(profile: nil, region: "us-east-1", roleARN: nil,
                                                         environment: env)
        let credentials = try await configuration.credentialProvider.credentials()
        #expect(credentials.source == .webIdentity(roleARN: "arn:aws:iam::123456789012:role/web"))
        #expect(credentials.sessionToken != nil)
    }

    @Test func containerCredentialsReReadTheTokenFileOnEachCall() async throws {
        let home = try Home()
        let tokenFile = try home.write("first-token", to: "container-token")
        let expiring = ISO8601DateFormatter().string(from: Date().addingTimeInterval(120))
        let server = try LoopbackHTTPServer { request in
            request.path == "/creds"
                ? .init(body: #"{"AccessKeyId":"AKIDCONTAINER","SecretAccessKey":"c","Token":"t","Expiration":"\#(expiring)"}"#)
                : .init(status: 404)
        }
        let env = try environment(home, ["AWS_CONTAINER_CREDENTIALS_FULL_URI": server.url + "/creds",
                                         "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE": tokenFile,
                                         "AWS_CONTAINER_AUTHORIZATION_TOKEN": "ignored-when-file-set"])
        let configuration = try AWSConfiguration.resolve(profile: nil, region: "us-east-1", roleARN: nil,
                                                         environment: env)
        let first = try await configuration.credentialProvider.credentials()
        #expect(first.source == .container)
        #expect(first.accessKeyID == "AKIDCONTAINER")
        _ = try home.write("second-token", to: "container-token")
        _ = try await configuration.credentialProvider.credentials()
        #expect(server.requests.map { $0.headers["authorization"] } == ["first-token", "second-token"])
    }

    @Test func unexpiredCredentialsAreCached() async throws {
        let home = try Home()
        let server = try LoopbackHTTPServer { _ in
            .init(body: #"{"AccessKeyId":"AKIDCACHED","SecretAccessKey":"c","Token":"t","Expiration":"2099-01-01T00:00:00Z"}"#)
        }
        let env = try environment(home, ["AWS_CONTAINER_CREDENTIALS_FULL_URI": server.url + "/creds"])
        let configuration = try AWSConfiguration.resolve(profile: nil, region: "us-east-1", roleARN: nil,
                                                         environment: env)
        for _ in 0..<3 {
            #expect(try await configuration.credentialProvider.credentials().accessKeyID == "AKIDCACHED")
        }
        #expect(server.requests.count == 1)
    }

    @Test func containerFullURIMustBeLoopbackOverHTTP() async throws {
        let home = try Home()
        let env = try environment(home, ["AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://203.0.113.9/creds"])
        let configuration = try AWSConfiguration.resolve(profile: nil, region: "us-east-1", roleARN: nil,
                                                         environment: env)
        let error = await #expect(throws: AWSError.self) { try await configuration.credentialProvider.credentials() }
        #expect(error?.code == "InvalidContainerURI")
    }

    @Test func instanceMetadataUsesATokenFirst() async throws {
        let home = try Home()
        let server = try LoopbackHTTPServer { request in
            switch (request.method, request.path) {
            case ("PUT", "/latest/api/token"):
                return request.headers["x-aws-ec2-metadata-token-ttl-seconds"] == "21600"
                    ? .init(body: "imds-session-token") : .init(status: 400)
            case ("GET", _) where request.headers["x-aws-ec2-metadata-token"] != "imds-session-token":
                return .init(status: 401)
            case ("GET", "/latest/meta-data/iam/security-credentials/"):
                return .init(body: "medic-instance-role")
            case ("GET", "/latest/meta-data/iam/security-credentials/medic-instance-role"):
                return .init(body: #"{"Code":"Success","AccessKeyId":"AKIDINSTANCE","SecretAccessKey":"i","Token":"t","Expiration":"2099-01-01T00:00:00Z"}"#)
            default:
                return .init(status: 404)
            }
        }
        var env = try environment(home, ["AWS_EC2_METADATA_SERVICE_ENDPOINT": server.url])
        env["AWS_EC2_METADATA_DISABLED"] = nil
        let configuration = try AWSConfiguration.resolve(profile: nil, region: "us-east-1", roleARN: nil,
                                                         environment: env)
        let credentials = try await configuration.credentialProvider.credentials()
        #expect(credentials.source == .instance)
        #expect(credentials.accessKeyID == "AKIDINSTANCE")
        #expect(server.requests.first?.method == "PUT")
        #expect(server.requests.count == 3)
    }

    @Test func ssoUsesTheCachedToken() async throws {
        let home = try Home(config: """
            [profile sso]
            sso_session = corp
            sso_account_id = 123456789012
            sso_role_name = ReadOnly
            region = us-east-2

            [sso-session corp]
            sso_region = us-east-1
            sso_start_url = https://corp.awsapps.com/start
            """)
        let server = try LoopbackHTTPServer { request in
            request.headers["x-amz-sso_bearer_token"] == "sso-access-token"
                && request.path == "/federation/credentials?account_id=123456789012&role_name=ReadOnly"
                ? .init(body: #"{"roleCredentials":{"accessKeyId":"AKIDSSO","secretAccessKey":"s","sessionToken":"t","expiration":4070908800000}}"#)
                : .init(status: 403)
        }
        // `aws sso login` names the cache file by the SHA-1 of the session name (hashlib.sha1(b"corp")).
        _ = try home.write(#"{"accessToken":"sso-access-token","expiresAt":"2099-01-01T00:00:00Z"}"#,
                           to: ".aws/sso/cache/ee0bfd2552fbd840c02cc48b6e823320543c450f.json")
        let env = try environment(home, ["AWS_ENDPOINT_URL_SSO": server.url])
        let configuration = try AWSConfiguration.resolve(profile: "sso", region: nil, roleARN: nil, environment: env)
        let credentials = try await configuration.credentialProvider.credentials()
        #expect(credentials.source == .sso(profile: "sso"))
        #expect(credentials.accessKeyID == "AKIDSSO")
        #expect(configuration.region == "us-east-2")
    }

    @Test func regionOrder() throws {
        let home = try Home(config: Self.profiles)
        let base = try environment(home)
        #expect(try AWSConfiguration.resolve(profile: nil, region: "ap-south-1", roleARN: nil,
                                             environment: base.merging(["AWS_REGION": "x"]) { $1 }).region == "ap-south-1")
        #expect(try AWSConfiguration.resolve(profile: nil, region: nil, roleARN: nil,
                                             environment: base.merging(["AWS_REGION": "us-west-2",
                                                                        "AWS_DEFAULT_REGION": "x"]) { $1 }).region
            == "us-west-2")
        #expect(try AWSConfiguration.resolve(profile: nil, region: nil, roleARN: nil,
                                             environment: base.merging(["AWS_DEFAULT_REGION": "ca-west-1"]) { $1 })
            .region == "ca-west-1")
        #expect(try AWSConfiguration.resolve(profile: nil, region: nil, roleARN: nil, environment: base).region
            == "eu-central-1")
        let empty = try Home()
        #expect(throws: AWSConfigurationError.self) {
            try AWSConfiguration.resolve(profile: nil, region: nil, roleARN: nil, environment: try environment(empty))
        }
    }

    @Test func unknownProfileIsAConfigurationError() throws {
        let home = try Home(config: Self.profiles)
        #expect(throws: AWSConfigurationError.self) {
            try AWSConfiguration.resolve(profile: "nope", region: "us-east-1", roleARN: nil,
                                         environment: try environment(home))
        }
    }

    @Test func noCredentialsAnywhere() async throws {
        let home = try Home()
        let configuration = try AWSConfiguration.resolve(profile: nil, region: "us-east-1", roleARN: nil,
                                                         environment: try environment(home))
        let error = await #expect(throws: AWSError.self) { try await configuration.credentialProvider.credentials() }
        #expect(error?.kind == .authFailure)
        #expect(error?.code == "NoCredentials")
    }

    @Test func endpointVariablesUseTheServiceIDs() throws {
        let home = try Home()
        let configuration = try AWSConfiguration.resolve(
            profile: nil, region: "us-east-1", roleARN: nil,
            environment: ["HOME": home.url.path, "AWS_ENDPOINT_URL_SECRETS_MANAGER": "http://127.0.0.1:1",
                          "AWS_ENDPOINT_URL_CLOUDWATCH_LOGS": "http://127.0.0.1:2",
                          "AWS_ENDPOINT_URL_ROUTE_53": "http://127.0.0.1:3"])
        #expect(configuration.endpointOverrides[.secretsmanager] == "http://127.0.0.1:1")
        #expect(configuration.endpointOverrides[.logs] == "http://127.0.0.1:2")
        #expect(configuration.endpointOverrides[.route53] == "http://127.0.0.1:3")
        #expect(configuration.endpointOverrides[.ecs] == nil)
        #expect(configuration.defaultEndpoint == nil)
    }
}
