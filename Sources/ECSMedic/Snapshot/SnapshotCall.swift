import AWSClient

/// One recorded AWS call: which service and operation, what was asked, and what AWS answered (or the error).
/// Requests and responses are in the AWS CLI's JSON shape.
public struct SnapshotCall: Sendable, Equatable, Codable {
    public var service: String
    public var operation: String
    public var request: JSONValue?
    public var response: JSONValue?
    public var error: CallError?
    /// The region the call was made in when it is not the snapshot's: a container's logs read in its
    /// `awslogs-region`. Nil: the snapshot's region.
    public var region: String?
    /// Where the call came from (a file, or an index into a snapshot's calls), for error messages.
    public var origin: String

    public struct CallError: Sendable, Equatable, Codable {
        public var code: String
        public var message: String?

        public init(code: String, message: String? = nil) {
            self.code = code
            self.message = message
        }
    }

    public init(service: String, operation: String, request: JSONValue? = nil, response: JSONValue?,
                error: CallError? = nil, region: String? = nil, origin: String) {
        self.service = service
        self.operation = operation
        self.request = request
        self.response = response
        self.error = error
        self.region = region
        self.origin = origin
    }

    enum CodingKeys: String, CodingKey { case service, operation, region, request, response, error }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        service = try container.decode(String.self, forKey: .service)
        operation = try container.decode(String.self, forKey: .operation)
        request = try container.decodeIfPresent(JSONValue.self, forKey: .request)
        response = try container.decodeIfPresent(JSONValue.self, forKey: .response)
        error = try container.decodeIfPresent(CallError.self, forKey: .error)
        region = try container.decodeIfPresent(String.self, forKey: .region)
        origin = ""
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(service, forKey: .service)
        try container.encode(operation, forKey: .operation)
        try container.encodeIfPresent(region, forKey: .region)
        try container.encodeIfPresent(request, forKey: .request)
        try container.encodeIfPresent(response, forKey: .response)
        try container.encodeIfPresent(error, forKey: .error)
    }

    /// An operation name folded for comparison: `describe-db-clusters`, `DescribeDBClusters` → `describedbclusters`.
    static func fold(_ name: String) -> String {
        String(name.lowercased().filter { $0.isLetter || $0.isNumber })
    }
}
