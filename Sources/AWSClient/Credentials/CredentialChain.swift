import Foundation

/// The AWS CLI's credential chain: the first loader that applies wins and is kept; its credentials are cached
/// and reloaded from the same loader shortly before they expire.
public actor CredentialChain: AWSCredentialProvider {
    /// Temporary credentials are refreshed when they have less than this many seconds left.
    static let refreshMargin: TimeInterval = 10 * 60

    private let loaders: [any CredentialLoader]
    private var selected: (any CredentialLoader)?
    private var cached: AWSCredentials?
    private var refreshing: Task<AWSCredentials, Error>?

    init(_ loaders: [any CredentialLoader]) {
        self.loaders = loaders
    }

    public func credentials() async throws -> AWSCredentials {
        if let cached, !Self.needsRefresh(cached) { return cached }
        if let refreshing { return try await refreshing.value }
        let task = Task { try await self.load() }
        refreshing = task
        defer { refreshing = nil }
        let credentials = try await task.value
        cached = credentials
        return credentials
    }

    private func load() async throws -> AWSCredentials {
        if let selected, let credentials = try await selected.load() { return credentials }
        for loader in loaders {
            if let credentials = try await loader.load() {
                selected = loader
                return credentials
            }
        }
        throw AWSError(kind: .authFailure, code: "NoCredentials", message:
            "no AWS credentials found (environment, --profile/AWS_PROFILE, shared config files, web identity, "
            + "container or instance metadata)")
    }

    static func needsRefresh(_ credentials: AWSCredentials) -> Bool {
        guard let expiration = credentials.expiration else { return false }
        return expiration.timeIntervalSinceNow < refreshMargin
    }
}
