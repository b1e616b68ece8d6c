/// Adapts a public provider (such as a whole chain) into a loader, so that a role can be assumed on top of it.
struct ProviderLoader: CredentialLoader {
    let provider: any AWSCredentialProvider

    func load() async throws -> AWSCredentials? {
        try await provider.credentials()
    }
}
