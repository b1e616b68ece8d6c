/// Something that supplies credentials for signing; called before every request, so implementations cache
/// and refresh them themselves.
public protocol AWSCredentialProvider: Sendable {
    func credentials() async throws -> AWSCredentials
}

/// Always the same credentials (tests, or keys the program already holds).
public struct StaticCredentialProvider: AWSCredentialProvider {
    public let value: AWSCredentials

    public init(_ value: AWSCredentials) {
        self.value = value
    }

    public func credentials() async throws -> AWSCredentials { value }
}

/// One step of the credential chain: nil when its settings are absent (the chain moves on), credentials
/// when it applies, an error when it applies but fails (the chain stops, as the CLI does).
protocol CredentialLoader: Sendable {
    func load() async throws -> AWSCredentials?
}

extension StaticCredentialProvider: CredentialLoader {
    func load() async throws -> AWSCredentials? { value }
}
