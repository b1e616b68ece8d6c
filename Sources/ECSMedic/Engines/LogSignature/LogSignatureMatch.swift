/// A log line (or a few, for a split message) that matched a signature, with what it captured.
public struct LogSignatureMatch: Sendable, Hashable {
    public let signatureID: String
    public let runtime: String
    public let kind: LogSignatureKind
    /// The index, in the lines given to `LogSignatureCatalog.matches(in:)`, of the line the match starts on.
    public let lineIndex: Int
    /// That line, as given.
    public let line: String
    /// How many lines the match spans (1 unless the signature joins a split message).
    public let lineCount: Int
    public let host: String?
    /// The address printed beside a host name, when the runtime prints both.
    public let address: String?
    public let port: Int?
    /// A module, class, variable, file path or request path, by the kind.
    public let name: String?
    public let status: Int?
    public let seconds: Double?
    public let bytes: Int?

    public init(signature: LogSignature, lineIndex: Int, line: String, lineCount: Int, captures: LogSignatureCaptures) {
        signatureID = signature.id
        runtime = signature.runtime
        kind = signature.kind
        self.lineIndex = lineIndex
        self.line = line
        self.lineCount = lineCount
        host = captures.host
        address = captures.address
        port = captures.port
        name = captures.name
        status = captures.status
        seconds = captures.seconds
        bytes = captures.bytes
    }

    /// The captured values together.
    public var captures: LogSignatureCaptures {
        LogSignatureCaptures(host: host, address: address, port: port, name: name, status: status, seconds: seconds,
                             bytes: bytes)
    }
}
