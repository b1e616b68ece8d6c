import Crypto
import Foundation

/// Signs requests with AWS Signature Version 4, in an `Authorization` header or in the query string.
/// Built on swift-crypto alone; follows botocore's `SigV4Auth` / `SigV4QueryAuth` for non-S3 services.
struct SigV4Signer: Sendable {
    /// The intermediate values of one signature, which tests compare with botocore's.
    struct Signature: Sendable {
        var canonicalRequest: String
        var stringToSign: String
        var signature: String
        var signedHeaders: String
    }

    let credentials: AWSCredentials
    let region: String
    let service: String

    private static let unsignedHeaders: Set<String> = [
        "authorization", "connection", "expect", "keep-alive", "proxy-authenticate", "proxy-authorization", "te",
        "trailer", "transfer-encoding", "upgrade", "user-agent", "x-amzn-trace-id",
    ]

    /// Adds `X-Amz-Date`, `X-Amz-Security-Token` and `Authorization` to `request`.
    @discardableResult
    func signHeaders(_ request: inout HTTPRequest, date: Date) -> Signature {
        let timestamp = Self.timestamp(date)
        request.headers = request.headers.filter {
            !["authorization", "x-amz-date", "x-amz-security-token"].contains($0.key.lowercased())
        }
        request.headers["X-Amz-Date"] = timestamp
        if let token = credentials.sessionToken {
            request.headers["X-Amz-Security-Token"] = token
        }
        let result = sign(request, timestamp: timestamp, query: Self.canonicalQuery(request.query))
        request.headers["Authorization"] = "AWS4-HMAC-SHA256 Credential=\(credentials.accessKeyID)/\(scope(timestamp)), "
            + "SignedHeaders=\(result.signedHeaders), Signature=\(result.signature)"
        return result
    }

    /// Moves the signature into the query string (a presigned URL valid for `expires` seconds); a form body
    /// becomes query parameters, as botocore does.
    @discardableResult
    func presign(_ request: inout HTTPRequest, date: Date, expires: Int) -> Signature {
        let timestamp = Self.timestamp(date)
        if request.header("Content-Type") == "application/x-www-form-urlencoded; charset=utf-8" {
            request.headers = request.headers.filter { $0.key.lowercased() != "content-type" }
        }
        var parameters = Self.decodedPairs(request.query)
        if !request.body.isEmpty {
            parameters += Self.decodedPairs(String(decoding: request.body, as: UTF8.self))
            request.body = Data()
        }
        var auth: [(String, String)] = [
            ("X-Amz-Algorithm", "AWS4-HMAC-SHA256"),
            ("X-Amz-Credential", "\(credentials.accessKeyID)/\(scope(timestamp))"),
            ("X-Amz-Date", timestamp),
            ("X-Amz-Expires", String(expires)),
            ("X-Amz-SignedHeaders", signedHeaderNames(request).joined(separator: ";")),
        ]
        if let token = credentials.sessionToken {
            auth.append(("X-Amz-Security-Token", token))
        }
        var seen = Set<String>()
        let unique = parameters.filter { seen.insert($0.0).inserted }
        let encode = { (pairs: [(String, String)]) in
            pairs.map { "\(Self.percentEncode($0.0))=\(Self.percentEncode($0.1))" }.joined(separator: "&")
        }
        request.query = unique.isEmpty ? encode(auth) : encode(unique) + "&" + encode(auth)
        let result = sign(request, timestamp: timestamp, query: Self.canonicalQuery(request.query))
        request.query += "&X-Amz-Signature=\(result.signature)"
        return result
    }

    private func sign(_ request: HTTPRequest, timestamp: String, query: String) -> Signature {
        var headers: [String: [String]] = [:]
        for (name, value) in request.headers where !Self.unsignedHeaders.contains(name.lowercased()) {
            headers[name.lowercased(), default: []].append(value.split(separator: " ", omittingEmptySubsequences: true)
                .joined(separator: " "))
        }
        if headers["host"] == nil {
            headers["host"] = [request.hostHeader]
        }
        let names = headers.keys.sorted()
        let canonicalHeaders = names.map { "\($0):\(headers[$0, default: []].joined(separator: ","))" }
            .joined(separator: "\n")
        let signedHeaders = names.joined(separator: ";")
        let canonicalRequest = [
            request.method.uppercased(),
            Self.canonicalPath(request.path),
            query,
            canonicalHeaders + "\n",
            signedHeaders,
            Self.hex(SHA256.hash(data: request.body)),
        ].joined(separator: "\n")
        let stringToSign = [
            "AWS4-HMAC-SHA256", timestamp, scope(timestamp),
            Self.hex(SHA256.hash(data: Data(canonicalRequest.utf8))),
        ].joined(separator: "\n")
        let signature = Self.hex(HMAC<SHA256>.authenticationCode(for: Data(stringToSign.utf8),
                                                                 using: signingKey(day: String(timestamp.prefix(8)))))
        return Signature(canonicalRequest: canonicalRequest, stringToSign: stringToSign, signature: signature,
                         signedHeaders: signedHeaders)
    }

    private func signedHeaderNames(_ request: HTTPRequest) -> [String] {
        var names = Set(request.headers.keys.map { $0.lowercased() }.filter { !Self.unsignedHeaders.contains($0) })
        names.insert("host")
        return names.sorted()
    }

    /// The key chain `AWS4<secret>` → date → region → service → `aws4_request`.
    func signingKey(day: String) -> SymmetricKey {
        var key = SymmetricKey(data: Data("AWS4\(credentials.secretAccessKey)".utf8))
        for part in [day, region, service, "aws4_request"] {
            key = SymmetricKey(data: Data(HMAC<SHA256>.authenticationCode(for: Data(part.utf8), using: key)))
        }
        return key
    }

    private func scope(_ timestamp: String) -> String {
        "\(timestamp.prefix(8))/\(region)/\(service)/aws4_request"
    }

    static func timestamp(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        return formatter.string(from: date)
    }

    /// The path with `.` and `..` segments removed, percent-encoded again (non-S3 services sign it doubly encoded).
    static func canonicalPath(_ path: String) -> String {
        var segments: [Substring] = []
        for segment in path.split(separator: "/", omittingEmptySubsequences: false).dropFirst() {
            switch segment {
            case ".": continue
            case "..": _ = segments.popLast()
            default: segments.append(segment)
            }
        }
        var normalized = "/" + segments.joined(separator: "/")
        if path.hasSuffix("/") && !normalized.hasSuffix("/") { normalized += "/" }
        return percentEncode(normalized, keeping: "/~")
    }

    /// The query's `key=value` pairs, kept as encoded in the URL, sorted by key then value.
    static func canonicalQuery(_ query: String) -> String {
        guard !query.isEmpty else { return "" }
        let pairs: [(key: String, value: String)] = query.split(separator: "&", omittingEmptySubsequences: false)
            .map { pair in
                let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                return (String(parts[0]), parts.count > 1 ? String(parts[1]) : "")
            }
        let sorted = pairs.sorted { left, right in
            left.key == right.key ? left.value < right.value : left.key < right.key
        }
        return sorted.map { "\($0.key)=\($0.value)" }.joined(separator: "&")
    }

    static func decodedPairs(_ query: String) -> [(String, String)] {
        guard !query.isEmpty else { return [] }
        return query.split(separator: "&").map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let decode = { (text: Substring) in
                String(text).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(text)
            }
            return (decode(parts[0]), parts.count > 1 ? decode(parts[1]) : "")
        }
    }

    /// RFC 3986 percent-encoding: every byte except unreserved characters (and those in `keeping`) as `%XX`.
    static func percentEncode(_ text: String, keeping: String = "") -> String {
        let unreserved = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~".utf8)
            .union(keeping.utf8)
        var result = ""
        for byte in text.utf8 {
            if unreserved.contains(byte) {
                result.unicodeScalars.append(UnicodeScalar(byte))
            } else {
                result += String(format: "%%%02X", byte)
            }
        }
        return result
    }

    static func hex<D: Sequence>(_ digest: D) -> String where D.Element == UInt8 {
        digest.map { String(format: "%02x", $0) }.joined()
    }
}
