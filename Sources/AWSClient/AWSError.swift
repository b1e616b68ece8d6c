/// A failed AWS call, classified so that callers can tell "not allowed" from "not there" from "try later".
public struct AWSError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure this is.
    public enum Kind: String, Sendable {
        /// The identity may not perform the call (`AccessDenied`, `UnauthorizedOperation`, ...).
        case accessDenied
        /// The service kept throttling after every retry.
        case throttled
        /// The resource named in the request does not exist.
        case notFound
        /// The request was malformed or named an unknown operation.
        case validation
        /// The endpoint could not be reached or did not answer in time.
        case network
        /// The credentials are missing, invalid or expired.
        case authFailure
        /// Any other error the service returned.
        case service
    }

    public var kind: Kind
    /// The AWS error code (`AccessDeniedException`, `InvalidVpcID.NotFound`, ...) or a local code.
    public var code: String
    public var message: String
    /// The service id (`ecs`, `ec2`, ...) when the error comes from a call.
    public var service: String?
    public var operation: String?
    public var httpStatus: Int?
    public var requestID: String?

    public init(kind: Kind, code: String, message: String, service: String? = nil, operation: String? = nil,
                httpStatus: Int? = nil, requestID: String? = nil) {
        self.kind = kind
        self.code = code
        self.message = message
        self.service = service
        self.operation = operation
        self.httpStatus = httpStatus
        self.requestID = requestID
    }

    /// One line naming the call, the code and the message, e.g.
    /// `sts:GetCallerIdentity: InvalidClientTokenId: The security token included in the request is invalid.`;
    /// errors raised before any call (credential resolution) are their message alone.
    public var description: String {
        let call = [service, operation].compactMap { $0 }.joined(separator: ":")
        if call.isEmpty { return message.isEmpty ? code : message }
        return "\(call): \(message.isEmpty ? code : "\(code): \(message)")"
    }

    /// Classifies a service error code and HTTP status.
    static func kind(code: String, status: Int) -> Kind {
        if RetryPolicy.throttlingCodes.contains(code) || status == 429 { return .throttled }
        if authFailureCodes.contains(code) { return .authFailure }
        if accessDeniedCodes.contains(code) { return .accessDenied }
        if code.hasSuffix("NotFound") || code.hasSuffix("NotFoundException") || code.hasSuffix("NotFoundFault")
            || code.hasPrefix("NoSuch") || status == 404 {
            return .notFound
        }
        if validationCodes.contains(code) || code.hasPrefix("InvalidParameter") { return .validation }
        return .service
    }

    private static let authFailureCodes: Set<String> = [
        "UnrecognizedClientException", "InvalidClientTokenId", "SignatureDoesNotMatch", "InvalidSignatureException",
        "AuthFailure", "ExpiredToken", "ExpiredTokenException", "InvalidAccessKeyId", "MissingAuthenticationToken",
        "IncompleteSignature", "RequestExpired", "InvalidToken", "MissingAuthenticationTokenException",
    ]
    private static let accessDeniedCodes: Set<String> = [
        "AccessDenied", "AccessDeniedException", "UnauthorizedOperation", "AuthorizationError",
        "UnauthorizedException", "AccessDeniedFault", "ClientException.AccessDenied",
    ]
    private static let validationCodes: Set<String> = [
        "ValidationError", "ValidationException", "MissingParameter", "InvalidInput", "InvalidRequest",
        "InvalidAction", "MalformedQueryString", "SerializationException", "MalformedPolicyDocument",
    ]
}
