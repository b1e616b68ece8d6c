import Foundation

/// The ECS/EKS container credentials endpoint: `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI` (on 169.254.170.2) or
/// `AWS_CONTAINER_CREDENTIALS_FULL_URI` (https anywhere; http only to loopback or the ECS/EKS link-local
/// hosts), with `AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE` / `_TOKEN` read again on every call.
struct ContainerCredentials: CredentialLoader {
    let environment: [String: String]

    static let allowedHTTPHosts: Set<String> = ["169.254.170.2", "169.254.170.23", "fd00:ec2::23", "localhost", "::1"]

    func load() async throws -> AWSCredentials? {
        let url: String
        if let relative = environment["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"], !relative.isEmpty {
            url = "http://169.254.170.2" + relative
        } else if let full = environment["AWS_CONTAINER_CREDENTIALS_FULL_URI"], !full.isEmpty {
            try Self.checkAllowed(full)
            url = full
        } else {
            return nil
        }
        var headers: [String: String] = ["Accept": "application/json"]
        if let token = try authorizationToken() {
            guard !token.contains("\r"), !token.contains("\n") else {
                throw AWSError(kind: .authFailure, code: "InvalidContainerToken",
                               message: "the container authorization token contains a line break")
            }
            headers["Authorization"] = token
        }
        let transport = CurlTransport(settings: TransportSettings(connectTimeout: 2, totalTimeout: 2))
        var lastError: Error?
        for _ in 0..<3 {
            do {
                let response = try await transport.send(try HTTPRequest(method: "GET", url: url, headers: headers))
                guard response.status == 200 else {
                    throw AWSError(kind: .authFailure, code: "ContainerCredentialsFailed",
                                   message: "the container credentials endpoint answered HTTP \(response.status)")
                }
                return try MetadataCredentialsJSON.parse(response.body, source: .container,
                                                         origin: "the container credentials endpoint")
            } catch let error as AWSError where error.kind == .network {
                lastError = error
            }
        }
        throw lastError ?? AWSError(kind: .network, code: "ConnectionError", message: "container credentials")
    }

    private func authorizationToken() throws -> String? {
        if let file = environment["AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"], !file.isEmpty {
            guard let token = try? String(contentsOfFile: file, encoding: .utf8) else {
                throw AWSError(kind: .authFailure, code: "InvalidContainerToken",
                               message: "cannot read AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE \(file)")
            }
            return token.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        return environment["AWS_CONTAINER_AUTHORIZATION_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
    }

    static func checkAllowed(_ url: String) throws {
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(),
              let host = components.host?.lowercased() else {
            throw AWSError(kind: .authFailure, code: "InvalidContainerURI",
                           message: "AWS_CONTAINER_CREDENTIALS_FULL_URI is not a URL: \(url)")
        }
        let bare = host.trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        if scheme == "https" || allowedHTTPHosts.contains(bare) || bare.hasPrefix("127.") { return }
        throw AWSError(kind: .authFailure, code: "InvalidContainerURI",
                       message: "AWS_CONTAINER_CREDENTIALS_FULL_URI host \(host) is not allowed over http "
                           + "(only loopback, 169.254.170.2, 169.254.170.23 and fd00:ec2::23)")
    }
}
