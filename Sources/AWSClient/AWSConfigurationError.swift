/// The AWS settings themselves are wrong (unknown profile, no region, a broken `role_arn` chain): a usage
/// error, reported as one line.
public struct AWSConfigurationError: Error, Sendable, CustomStringConvertible {
    public var message: String

    public init(message: String) {
        self.message = message
    }

    public var description: String { message }
}
