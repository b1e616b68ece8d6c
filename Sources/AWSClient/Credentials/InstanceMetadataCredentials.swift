import Foundation

/// The EC2 instance metadata service, IMDSv2: a session token first (`PUT /latest/api/token`), then the role
/// name and its credentials. `AWS_EC2_METADATA_SERVICE_ENDPOINT` (or the profile's
/// `ec2_metadata_service_endpoint`) moves it; `AWS_EC2_METADATA_DISABLED=true` turns it off.
struct InstanceMetadataCredentials: CredentialLoader {
    let endpoint: String
    let timeout: Double
    let attempts: Int
    /// Whether a service that refuses tokens may be read without one (IMDSv1); off with
    /// `AWS_EC2_METADATA_V1_DISABLED=true`.
    let allowV1: Bool

    init(environment: [String: String], profile: [String: String]) {
        let endpoint = environment["AWS_EC2_METADATA_SERVICE_ENDPOINT"] ?? profile["ec2_metadata_service_endpoint"]
            ?? "http://169.254.169.254"
        self.endpoint = endpoint.hasSuffix("/") ? String(endpoint.dropLast()) : endpoint
        self.timeout = environment["AWS_METADATA_SERVICE_TIMEOUT"].flatMap(Double.init) ?? 1
        self.attempts = max(1, environment["AWS_METADATA_SERVICE_NUM_ATTEMPTS"].flatMap(Int.init) ?? 1)
        self.allowV1 = environment["AWS_EC2_METADATA_V1_DISABLED"]?.lowercased() != "true"
    }

    func load() async throws -> AWSCredentials? {
        let transport = CurlTransport(settings: TransportSettings(connectTimeout: timeout, totalTimeout: timeout))
        for attempt in 1...attempts {
            do {
                return try await fetch(transport)
            } catch let error as AWSError where error.kind == .network {
                if attempt == attempts { return nil }
            }
        }
        return nil
    }

    private func fetch(_ transport: CurlTransport) async throws -> AWSCredentials? {
        var headers: [String: String] = [:]
        let tokenResponse = try await transport.send(try HTTPRequest(
            method: "PUT", url: "\(endpoint)/latest/api/token",
            headers: ["X-aws-ec2-metadata-token-ttl-seconds": "21600"]))
        if tokenResponse.status == 200 {
            headers["X-aws-ec2-metadata-token"] = String(decoding: tokenResponse.body, as: UTF8.self)
        } else if ![403, 404, 405].contains(tokenResponse.status) || !allowV1 {
            return nil
        }
        let roleResponse = try await transport.send(try HTTPRequest(
            method: "GET", url: "\(endpoint)/latest/meta-data/iam/security-credentials/", headers: headers))
        guard roleResponse.status == 200,
              let role = String(decoding: roleResponse.body, as: UTF8.self).split(whereSeparator: \.isNewline).first
        else { return nil }
        let credentialsResponse = try await transport.send(try HTTPRequest(
            method: "GET", url: "\(endpoint)/latest/meta-data/iam/security-credentials/\(role)", headers: headers))
        guard credentialsResponse.status == 200 else {
            throw AWSError(kind: .authFailure, code: "InstanceCredentialsFailed",
                           message: "instance metadata answered HTTP \(credentialsResponse.status) for role \(role)")
        }
        return try MetadataCredentialsJSON.parse(credentialsResponse.body, source: .instance,
                                                 origin: "instance metadata")
    }
}
