/// The facts a stopped reason states about itself: the AWS service it called, the error code it wraps, how often it
/// retried, and the resource it names. They separate network, permission and not-found causes.
struct ReasonFacts: Sendable, Equatable {
    let service: String?
    let errorCode: String?
    let retries: Int?
    let resource: String?

    init(_ text: ReasonText) {
        service = Self.service(in: text)
        errorCode = Self.errorCode(in: text)
        retries = Self.retries(in: text)
        resource = Self.resource(in: text)
    }

    // MARK: Service

    /// Phrases that name a service, with the short name ecs-medic shows; the one named first in the message wins.
    private static let serviceNames: [(phrase: String, service: String)] = [
        ("from asm", "asm"), ("secretsmanager", "asm"), ("secrets manager", "asm"), ("getsecretvalue", "asm"),
        ("from ssm", "ssm"), ("ssm:", "ssm"), ("arn:aws:ssm", "ssm"), ("parameter store", "ssm"), ("ssm parameter", "ssm"),
        ("invalid ssm", "ssm"),
        ("ecr registry auth", "ecr"), (".dkr.ecr.", "ecr"), ("api.ecr.", "ecr"), ("ecr:", "ecr"), ("amazon ecr", "ecr"),
        ("cloudwatch", "logs"), ("log stream", "logs"), ("log group", "logs"), ("logs:", "logs"), ("logs.", "logs"),
        ("awslogs", "logs"), ("logger", "logs"),
        ("env file", "s3"), ("env files", "s3"), ("environment file", "s3"), ("environment files", "s3"), ("starport-layer-bucket", "s3"), ("s3:", "s3"), (".s3.", "s3"),
        ("s3.", "s3"), ("nosuchkey", "s3"), ("nosuchbucket", "s3"),
        ("efs", "efs"), ("elasticfilesystem", "efs"),
        ("kms:", "kms"), ("to kms", "kms"), ("kms key", "kms"),
        ("sts:assumerole", "sts"),
    ]

    private static func service(in text: ReasonText) -> String? {
        var best: (offset: Int, service: String)?
        for (phrase, service) in serviceNames {
            guard let offset = text.firstWordOffset(of: phrase), offset < best?.offset ?? Int.max else { continue }
            best = (offset, service)
        }
        return best?.service
    }

    // MARK: Error code

    /// Error codes and error texts, most telling first, spelled as ecs-medic shows them.
    private static let errorCodes: [String] = [
        "AccessDeniedException", "ResourceNotFoundException", "InvalidParameterException", "InvalidRequestException",
        "ValidationException", "ParameterNotFound", "DecryptionFailure", "KMSInvalidStateException", "DisabledException",
        "ThrottlingException", "ExpiredTokenException", "UnrecognizedClientException", "RepositoryNotFoundException",
        "ImageNotFoundException", "NoCredentialProviders", "MissingEndpoint", "NoSuchKey", "NoSuchBucket", "AccessDenied",
        "InsufficientFreeAddressesInSubnet", "invalid ssm parameters", "invalid parameters",
        "toomanyrequests", "manifest unknown", "name unknown", "pull access denied", "no basic auth credentials",
        "exec format error", "no matching manifest", "no space left on device",
        "403 Forbidden", "401 Unauthorized", "404 Not Found",
        "RequestCanceled", "i/o timeout", "context deadline exceeded", "Client.Timeout exceeded", "TLS handshake timeout",
        "no such host", "connection refused", "connection reset by peer", "network is unreachable",
        "request canceled while waiting for connection", "context canceled", "signal: killed", "RequestError",
    ]

    private static func errorCode(in text: ReasonText) -> String? {
        errorCodes.first { text.firstWordOffset(of: $0.lowercased()) != nil }
    }

    // MARK: Retries

    /// Phrases followed by the number of attempts: `retried 5 time(s)`, `retry count: 1`, `retries: 3`.
    private static let retryPhrases = ["retried", "retry count:", "retry count", "retries:", "retries=", "retries",
                                       "maximum number of attempts,"]

    private static func retries(in text: ReasonText) -> Int? {
        var best: (offset: Int, count: Int)?
        for phrase in retryPhrases {
            var start = 0
            while let offset = text.firstWordOffset(of: phrase, from: start) {
                start = offset + 1
                guard let count = number(in: text.lowercased, after: offset + phrase.utf8.count) else { continue }
                if offset < best?.offset ?? Int.max { best = (offset, count) }
                break
            }
        }
        return best?.count
    }

    /// The decimal number after optional spaces at `index`, when there is one of at most 6 digits.
    private static func number(in bytes: [UInt8], after index: Int) -> Int? {
        var position = index
        while position < bytes.count, bytes[position] == UInt8(ascii: " ") { position += 1 }
        var value = 0
        var digits = 0
        while position < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[position]), digits < 7 {
            value = value * 10 + Int(bytes[position] - UInt8(ascii: "0"))
            digits += 1
            position += 1
        }
        return (1...6).contains(digits) ? value : nil
    }

    // MARK: Resource

    private static func resource(in text: ReasonText) -> String? {
        arn(in: text) ?? imageReference(in: text) ?? fileSystemId(in: text)
    }

    /// The first ARN that is not a caller's session (`arn:aws:sts::...:assumed-role/...`), else the first ARN.
    private static func arn(in text: ReasonText) -> String? {
        var first: String?
        var start = 0
        while let offset = text.firstWordOffset(of: "arn:aws", from: start) {
            start = offset + 1
            let token = Self.token(in: text.head, from: offset)
            guard token.utf8.count >= 12 else { continue }
            let service = token.split(separator: ":", omittingEmptySubsequences: false).dropFirst(2).first
            if service != "sts" { return token }
            if first == nil { first = token }
        }
        return first
    }

    /// Phrases followed by an image reference or repository name.
    private static let imageMarkers = ["failed to resolve ref", "failed to resolve reference", "pull access denied for",
                                       "manifest for", "repository", "the task cannot pull", "no such image:", "image"]

    private static func imageReference(in text: ReasonText) -> String? {
        for marker in imageMarkers {
            var start = 0
            while let offset = text.firstWordOffset(of: marker, from: start) {
                start = offset + 1
                let token = Self.token(in: text.head, from: offset + marker.utf8.count)
                if token.utf8.contains(where: { "/.:-_@".utf8.contains($0) }), token.utf8.count >= 3 { return token }
            }
        }
        return nil
    }

    /// An EFS file system id (`fs-` and at least 8 hexadecimal digits).
    private static func fileSystemId(in text: ReasonText) -> String? {
        var start = 0
        while let offset = text.firstWordOffset(of: "fs-", from: start) {
            start = offset + 1
            let token = Self.token(in: text.head, from: offset)
            let id = token.prefix { $0 == "f" || $0 == "s" || $0 == "-" || $0.isHexDigit }
            if id.count >= 11 { return String(id) }
        }
        return nil
    }

    /// The run of printable ASCII at `index` (after spaces and opening quotes) up to a space, quote, bracket or comma,
    /// without the punctuation that ends a sentence or a truncated message.
    private static func token(in bytes: [UInt8], from index: Int) -> String {
        var position = index
        while position < bytes.count, isSkippable(bytes[position]) { position += 1 }
        let start = position
        while position < bytes.count, !isTerminator(bytes[position]) { position += 1 }
        var end = position
        while end > start, ".:;".utf8.contains(bytes[end - 1]) { end -= 1 }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }

    private static func isSkippable(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") || byte == UInt8(ascii: "`")
            || byte >= 0x80
    }

    private static func isTerminator(_ byte: UInt8) -> Bool {
        byte <= 0x20 || byte >= 0x7F || "\"'`,()[]{}<>|;".utf8.contains(byte)
    }
}
