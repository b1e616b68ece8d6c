/// One entry of the crash-signature catalog (`data/log-signatures.yaml`): a way a runtime reports a failure, its
/// readiness or a request, as regular expressions over log lines, with a real sample that must match and a near miss
/// that must not.
public struct LogSignature: Sendable, Hashable {
    /// Lower-case words joined by hyphens, unique in the catalog: `jvm-hikari-connection-timeout`.
    public let id: String
    /// The runtime that prints it: one of `runtimes`.
    public let runtime: String
    public let kind: LogSignatureKind
    /// One sentence saying what the line means for the task.
    public let meaning: String
    /// The regular expressions (ICU syntax, placeholders expanded), tried in order; the first that matches decides.
    /// Named groups: `host`, `address`, `port`, `name`, `status`, `seconds`, `bytes`.
    public let patterns: [String]
    /// How many lines one match may span: 1 for most; up to 4 for messages that a runtime splits over lines, such
    /// as libpq's "could not connect to server ... on port 5432?". A multi-line pattern sees the lines joined by
    /// `\n` and must start on the first of them.
    public let lines: Int
    /// A sample of what the runtime really prints (one or more lines); it must match with `expected`.
    public let example: [String]
    /// What a match of `example` captures.
    public let expected: LogSignatureCaptures
    /// A line (or lines) that looks alike but must not match: the fact that makes the difference.
    public let nearMiss: [String]

    /// The runtimes a signature may name; `any` for formats that several runtimes print (Common Log Format).
    public static let runtimes: Set<String> = ["any", "jvm", "node", "python", "go", "ruby", "dotnet", "php", "shell", "nginx"]
}

/// What a match captured from a log line; nil where the signature has no such group or it did not take part.
public struct LogSignatureCaptures: Sendable, Hashable, CustomStringConvertible {
    /// The destination's host name or address (brackets of an IPv6 address removed).
    public var host: String?
    /// The address a runtime printed beside a host name (`db.example.com/10.0.3.12:5432`, libpq's `(10.0.3.12)`).
    public var address: String?
    public var port: Int?
    /// A module, class, variable, file path or request path, by the signature's kind.
    public var name: String?
    /// An HTTP status code.
    public var status: Int?
    /// A start time in seconds (Spring's "Started X in 12.3 seconds").
    public var seconds: Double?
    /// A size in bytes (PHP's memory_limit in "Allowed memory size of 134217728 bytes exhausted").
    public var bytes: Int?

    public init(host: String? = nil, address: String? = nil, port: Int? = nil, name: String? = nil, status: Int? = nil,
                seconds: Double? = nil, bytes: Int? = nil) {
        self.host = host
        self.address = address
        self.port = port
        self.name = name
        self.status = status
        self.seconds = seconds
        self.bytes = bytes
    }

    public var description: String {
        let parts: [String?] = [host.map { "host=\($0)" }, address.map { "address=\($0)" }, port.map { "port=\($0)" },
                                name.map { "name=\($0)" }, status.map { "status=\($0)" }, seconds.map { "seconds=\($0)" },
                                bytes.map { "bytes=\($0)" }]
        return "{" + parts.compactMap { $0 }.joined(separator: ", ") + "}"
    }
}
