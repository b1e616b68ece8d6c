/// A step that could not be applied: the AWS answer or the state that stopped it, with the step it stopped.
public struct ApplyError: Error, CustomStringConvertible, Sendable {
    public let message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
