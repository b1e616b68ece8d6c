import Foundation
import Logging

/// Everything an `AWSClient` needs: region, credentials, endpoints, transport and retry settings, logger.
/// `resolve` builds it the way the AWS CLI does from flags, environment and the shared files.
public struct AWSConfiguration: Sendable {
    public var region: String
    public var credentialProvider: any AWSCredentialProvider
    /// Per-service endpoint URLs (`AWS_ENDPOINT_URL_<SERVICE>`, a `[services]` section's `endpoint_url`).
    public var endpointOverrides: [AWSServiceID: String]
    /// The endpoint URL for every service without its own (`AWS_ENDPOINT_URL`, the profile's `endpoint_url`).
    public var defaultEndpoint: String?
    public var transport: TransportSettings
    public var retry: RetryPolicy
    /// Receives one debug line per call; the client never logs credentials, signatures or tokens.
    public var logger: Logger
    /// The profile whose settings were used, if any.
    public var profile: String?
    /// When every call must have finished (`--timeout`): a request is cut short at it, no retry waits past it,
    /// and a call started after it fails at once with `DeadlineExceeded`. Nil: no overall limit.
    public var deadline: Date?

    public init(region: String, credentialProvider: any AWSCredentialProvider,
                endpointOverrides: [AWSServiceID: String] = [:], defaultEndpoint: String? = nil,
                transport: TransportSettings = TransportSettings(), retry: RetryPolicy = RetryPolicy(),
                logger: Logger = Logger(label: "ecs-medic.aws", factory: { _ in SwiftLogNoOpLogHandler() }),
                profile: String? = nil, deadline: Date? = nil) {
        self.region = region
        self.credentialProvider = credentialProvider
        self.endpointOverrides = endpointOverrides
        self.defaultEndpoint = defaultEndpoint
        self.transport = transport
        self.retry = retry
        self.logger = logger
        self.profile = profile
        self.deadline = deadline
    }

    /// Resolves the configuration as the AWS CLI would for `--profile`, `--region` and `--role-arn`:
    /// region from the flag, `AWS_REGION`, `AWS_DEFAULT_REGION`, then the profile; credentials in the CLI's
    /// order (environment unless `--profile` is given, the profile's role/SSO/keys/process, web identity,
    /// container, instance metadata), with `roleARN` assumed on top. `timeout` bounds each request,
    /// `deadline` the whole run.
    public static func resolve(profile: String?, region: String?, roleARN: String?, environment: [String: String],
                               timeout: Double? = nil, deadline: Date? = nil,
                               logger: Logger = Logger(label: "ecs-medic.aws",
                                                       factory: { _ in SwiftLogNoOpLogHandler() }))
        throws -> AWSConfiguration {
        func nonEmpty(_ value: String?) -> String? { value.flatMap { $0.isEmpty ? nil : $0 } }
        let files = SharedConfigFiles.load(environment: environment)
        let namedProfile = nonEmpty(profile) ?? nonEmpty(environment["AWS_PROFILE"])
            ?? nonEmpty(environment["AWS_DEFAULT_PROFILE"])
        let profileName = namedProfile ?? "default"
        if namedProfile != nil && !files.hasProfile(profileName) {
            throw AWSConfigurationError(message: "the AWS profile \(profileName) does not exist in the config or "
                + "credentials file")
        }
        let settings = files.profile(profileName)
        guard let resolvedRegion = nonEmpty(region) ?? nonEmpty(environment["AWS_REGION"])
            ?? nonEmpty(environment["AWS_DEFAULT_REGION"]) ?? nonEmpty(settings["region"]) else {
            throw AWSConfigurationError(message: "no AWS region: use --region, AWS_REGION, AWS_DEFAULT_REGION or "
                + "the profile's region")
        }

        var overrides: [AWSServiceID: String] = [:]
        var defaultEndpoint: String?
        if environment["AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"]?.lowercased() != "true" {
            let services = settings["services"].flatMap { files.services[$0] } ?? [:]
            for service in AWSServiceID.allCases {
                overrides[service] = nonEmpty(environment[service.endpointVariable])
                    ?? nonEmpty(services[service.configKey]?["endpoint_url"])
            }
            defaultEndpoint = nonEmpty(environment["AWS_ENDPOINT_URL"]) ?? nonEmpty(settings["endpoint_url"])
        }

        var transport = TransportSettings.from(environment: environment, caBundle: settings["ca_bundle"])
        if let timeout {
            transport.totalTimeout = timeout
            transport.connectTimeout = min(transport.connectTimeout, timeout)
        }
        let maxAttempts = (nonEmpty(environment["AWS_MAX_ATTEMPTS"]) ?? settings["max_attempts"]).flatMap(Int.init)
        var configuration = AWSConfiguration(
            region: resolvedRegion, credentialProvider: CredentialChain([]), endpointOverrides: overrides,
            defaultEndpoint: defaultEndpoint, transport: transport,
            retry: RetryPolicy(maxAttempts: max(1, maxAttempts ?? 3)), logger: logger,
            profile: files.hasProfile(profileName) ? profileName : nil, deadline: deadline)
        let sts = STSCaller(configuration: configuration)

        var loaders: [any CredentialLoader] = []
        if nonEmpty(profile) == nil {
            loaders.append(EnvironmentCredentials(environment: environment))
        }
        let profileLoader = try ProfileResolver(files: files, environment: environment, sts: sts, transport: transport)
            .loader(profile: profileName)
        if let profileLoader, profileLoader.assumesRole {
            loaders.append(profileLoader.loader)
        }
        if let tokenFile = nonEmpty(environment["AWS_WEB_IDENTITY_TOKEN_FILE"]),
           let role = nonEmpty(environment["AWS_ROLE_ARN"]) {
            loaders.append(WebIdentityCredentials(tokenFile: tokenFile, roleARN: role,
                                                  sessionName: nonEmpty(environment["AWS_ROLE_SESSION_NAME"]), sts: sts))
        }
        if let profileLoader, !profileLoader.assumesRole {
            loaders.append(profileLoader.loader)
        }
        loaders.append(ContainerCredentials(environment: environment))
        if environment["AWS_EC2_METADATA_DISABLED"]?.lowercased() != "true" {
            loaders.append(InstanceMetadataCredentials(environment: environment, profile: settings))
        }
        let chain = CredentialChain(loaders)
        if let roleARN {
            configuration.credentialProvider = CredentialChain([
                AssumeRoleCredentials(roleARN: roleARN, sessionName: nil, externalID: nil, durationSeconds: nil,
                                      source: ProviderLoader(provider: chain), sts: STSCaller(configuration: configuration)),
            ])
        } else {
            configuration.credentialProvider = chain
        }
        return configuration
    }
}

extension AWSConfiguration {
    /// This configuration with `roleARN` assumed on top of its credentials (`sts:AssumeRole`, called through this
    /// configuration's region and endpoints when the credentials are first needed): how an audit reaches each
    /// account of an organization. `region` replaces the region when given.
    public func assumingRole(_ roleARN: String, externalID: String? = nil, sessionName: String? = nil,
                             region: String? = nil) -> AWSConfiguration {
        var assumed = self
        if let region { assumed.region = region }
        assumed.credentialProvider = CredentialChain([
            AssumeRoleCredentials(roleARN: roleARN, sessionName: sessionName, externalID: externalID, durationSeconds: nil,
                                  source: ProviderLoader(provider: credentialProvider), sts: STSCaller(configuration: self)),
        ])
        return assumed
    }
}
