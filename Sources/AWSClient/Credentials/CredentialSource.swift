/// Where a set of credentials came from, in the words `ecs-medic whoami` prints.
public indirect enum CredentialSource: Sendable, Hashable, CustomStringConvertible {
    /// `AWS_ACCESS_KEY_ID` / `AWS_SECRET_ACCESS_KEY` (/ `AWS_SESSION_TOKEN`).
    case environment
    /// Static keys of a profile in the shared credentials or config file.
    case profile(String)
    /// A profile's `credential_process`.
    case process(profile: String)
    /// A profile's IAM Identity Center (`sso_session`) role credentials.
    case sso(profile: String)
    /// `AssumeRoleWithWebIdentity` with a token file (from the environment or a profile).
    case webIdentity(roleARN: String)
    /// The ECS/EKS container credentials endpoint.
    case container
    /// The EC2 instance metadata service (IMDSv2).
    case instance
    /// A role assumed with `sts:AssumeRole` on top of other credentials.
    case assumedRole(roleARN: String, via: CredentialSource)
    /// Credentials given directly by the program.
    case provided

    public var description: String {
        switch self {
        case .environment: return "environment"
        case .profile(let name): return "profile \(name)"
        case .process(let name): return "credential_process of profile \(name)"
        case .sso(let name): return "IAM Identity Center (SSO) of profile \(name)"
        case .webIdentity(let role): return "web identity (\(role))"
        case .container: return "container"
        case .instance: return "instance"
        case .assumedRole(let role, let via): return "assumed role \(role) via \(via)"
        case .provided: return "provided"
        }
    }
}
