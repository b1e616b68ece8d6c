import Foundation

/// How the transport connects: timeouts, proxies and the CA bundle, taken from the environment as the AWS CLI does.
public struct TransportSettings: Sendable {
    /// Seconds allowed to open the connection.
    public var connectTimeout: Double
    /// Seconds allowed for the whole request, connection included.
    public var totalTimeout: Double
    /// Proxy for `https` URLs (`HTTPS_PROXY`), or nil for a direct connection.
    public var httpsProxy: String?
    /// Proxy for `http` URLs (`HTTP_PROXY`), or nil for a direct connection.
    public var httpProxy: String?
    /// Hosts reached without the proxy (`NO_PROXY`, comma-separated).
    public var noProxy: String?
    /// A PEM bundle of trusted certificate authorities (`AWS_CA_BUNDLE`) instead of the system's.
    public var caBundle: String?

    public init(connectTimeout: Double = 10, totalTimeout: Double = 60, httpsProxy: String? = nil,
                httpProxy: String? = nil, noProxy: String? = nil, caBundle: String? = nil) {
        self.connectTimeout = connectTimeout
        self.totalTimeout = totalTimeout
        self.httpsProxy = httpsProxy
        self.httpProxy = httpProxy
        self.noProxy = noProxy
        self.caBundle = caBundle
    }

    /// Reads `HTTPS_PROXY`, `HTTP_PROXY`, `NO_PROXY` (either case) and `AWS_CA_BUNDLE` from `environment`.
    public static func from(environment: [String: String], caBundle: String? = nil) -> TransportSettings {
        func variable(_ name: String) -> String? {
            (environment[name] ?? environment[name.lowercased()]).flatMap { $0.isEmpty ? nil : $0 }
        }
        return TransportSettings(httpsProxy: variable("HTTPS_PROXY"), httpProxy: variable("HTTP_PROXY"),
                                 noProxy: variable("NO_PROXY"), caBundle: variable("AWS_CA_BUNDLE") ?? caBundle)
    }
}
