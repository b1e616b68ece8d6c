import Foundation

/// Decides how a profile of the shared files yields credentials, in botocore's order: `role_arn` (with
/// `source_profile`, `credential_source` or `web_identity_token_file`), IAM Identity Center, static keys,
/// `credential_process`.
struct ProfileResolver {
    let files: SharedConfigFiles
    let environment: [String: String]
    let sts: STSCaller
    let transport: TransportSettings

    /// The loader for profile `name`, and whether it assumes a role (those come before the environment's
    /// web identity in the chain, the others after it); nil when the profile holds no credential settings.
    func loader(profile name: String) throws -> (loader: any CredentialLoader, assumesRole: Bool)? {
        try loader(profile: name, visited: [])
    }

    private func loader(profile name: String, visited: [String]) throws
        -> (loader: any CredentialLoader, assumesRole: Bool)? {
        if visited.contains(name) {
            throw configError("profile \(name): source_profile cycle \((visited + [name]).joined(separator: " -> "))")
        }
        let settings = files.profile(name)
        if let roleARN = settings["role_arn"] {
            if settings["mfa_serial"] != nil {
                throw configError("profile \(name): mfa_serial is not supported; use credentials from "
                    + "aws sts get-session-token in the environment instead")
            }
            if let sourceName = settings["source_profile"] {
                let source: any CredentialLoader
                if sourceName == name {
                    guard let keys = staticKeys(name) else {
                        throw configError("profile \(name): source_profile is itself but it has no keys")
                    }
                    source = keys
                } else {
                    guard files.hasProfile(sourceName) else {
                        throw configError("profile \(name): source_profile \(sourceName) does not exist")
                    }
                    guard let resolved = try loader(profile: sourceName, visited: visited + [name]) else {
                        throw configError("profile \(name): source_profile \(sourceName) has no credentials")
                    }
                    source = resolved.loader
                }
                return (assumeRole(roleARN, settings, source: source), true)
            }
            if let credentialSource = settings["credential_source"] {
                let source: any CredentialLoader
                switch credentialSource {
                case "Environment": source = EnvironmentCredentials(environment: environment)
                case "Ec2InstanceMetadata":
                    source = InstanceMetadataCredentials(environment: environment, profile: settings)
                case "EcsContainer": source = ContainerCredentials(environment: environment)
                default:
                    throw configError("profile \(name): credential_source \(credentialSource) is not one of "
                        + "Environment, Ec2InstanceMetadata, EcsContainer")
                }
                return (assumeRole(roleARN, settings, source: source), true)
            }
            if let tokenFile = settings["web_identity_token_file"] {
                return (WebIdentityCredentials(tokenFile: tokenFile, roleARN: roleARN,
                                               sessionName: settings["role_session_name"], sts: sts), true)
            }
            throw configError("profile \(name): role_arn needs source_profile, credential_source or "
                + "web_identity_token_file")
        }
        if let accountID = settings["sso_account_id"], let roleName = settings["sso_role_name"] {
            let session = settings["sso_session"].map { files.ssoSessions[$0] ?? [:] } ?? [:]
            guard let region = session["sso_region"] ?? settings["sso_region"],
                  let cacheKey = settings["sso_session"] ?? settings["sso_start_url"] else {
                throw configError("profile \(name): sso_session (with sso_region) or sso_start_url is missing")
            }
            return (SSOCredentials(profile: name, accountID: accountID, roleName: roleName, region: region,
                                   cacheKey: cacheKey, home: environment["HOME"] ?? NSHomeDirectory(),
                                   endpointOverride: environment["AWS_ENDPOINT_URL_SSO"], transport: transport),
                    false)
        }
        if let keys = staticKeys(name, file: files.credentialProfiles[name] ?? [:]) { return (keys, false) }
        if let command = settings["credential_process"] {
            return (ProcessCredentials(command: command, profile: name, environment: environment), false)
        }
        if let keys = staticKeys(name, file: files.configProfiles[name] ?? [:]) { return (keys, false) }
        return nil
    }

    private func staticKeys(_ name: String, file: [String: String]? = nil) -> StaticCredentialProvider? {
        let settings = file ?? files.profile(name)
        guard let key = settings["aws_access_key_id"], let secret = settings["aws_secret_access_key"] else {
            return nil
        }
        return StaticCredentialProvider(AWSCredentials(accessKeyID: key, secretAccessKey: secret,
                                                       sessionToken: settings["aws_session_token"],
                                                       source: .profile(name)))
    }

    private func assumeRole(_ roleARN: String, _ settings: [String: String],
                            source: any CredentialLoader) -> AssumeRoleCredentials {
        AssumeRoleCredentials(roleARN: roleARN, sessionName: settings["role_session_name"],
                              externalID: settings["external_id"],
                              durationSeconds: settings["duration_seconds"].flatMap(Int.init), source: source,
                              sts: sts)
    }

    private func configError(_ message: String) -> AWSConfigurationError {
        AWSConfigurationError(message: message)
    }
}
