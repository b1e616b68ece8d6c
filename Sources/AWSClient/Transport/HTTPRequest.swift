import Foundation

/// One HTTP request as the signer and the transport see it: the path and query are already percent-encoded.
struct HTTPRequest: Sendable {
    var method: String
    var scheme: String
    var host: String
    var port: Int?
    var path: String
    var query: String
    var headers: [String: String]
    var body: Data

    init(method: String, url: String, headers: [String: String] = [:], body: Data = Data()) throws {
        guard let components = URLComponents(string: url), let scheme = components.scheme,
              let host = components.host, !host.isEmpty else {
            throw AWSError(kind: .validation, code: "InvalidEndpoint", message: "not a URL: \(url)")
        }
        self.method = method
        self.scheme = scheme.lowercased()
        self.host = host
        self.port = components.port
        self.path = components.percentEncodedPath.isEmpty ? "/" : components.percentEncodedPath
        self.query = components.percentEncodedQuery ?? ""
        self.headers = headers
        self.body = body
    }

    /// `host` or `host:port` when the port is not the scheme's default, as the `Host` header carries it.
    var hostHeader: String {
        guard let port else { return host }
        let isDefault = (scheme == "https" && port == 443) || (scheme == "http" && port == 80)
        let name = host.contains(":") ? "[\(host)]" : host
        return isDefault ? name : "\(name):\(port)"
    }

    var url: String {
        let authority = port.map { "\(host.contains(":") ? "[\(host)]" : host):\($0)" } ?? host
        return "\(scheme)://\(authority)\(path)\(query.isEmpty ? "" : "?" + query)"
    }

    /// The value of header `name`, compared case-insensitively.
    func header(_ name: String) -> String? {
        headers.first { $0.key.lowercased() == name.lowercased() }?.value
    }
}
