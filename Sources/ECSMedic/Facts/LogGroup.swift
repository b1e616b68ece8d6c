/// A CloudWatch Logs group as `aws logs describe-log-groups` prints it.
public struct LogGroup: Sendable, Decodable, Equatable {
    public var logGroupName: String
    public var arn: String?
}
