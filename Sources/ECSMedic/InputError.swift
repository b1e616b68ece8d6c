/// A problem with what the user gave ecs-medic (a flag, a file, a field): reported as one line, exit code 2.
public struct InputError: Error, CustomStringConvertible, Sendable, Equatable {
    public let message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
