/// A malformed policy document: names the policy, the statement (index and sid) and the field at fault.
public struct PolicyError: Error, CustomStringConvertible, Sendable, Equatable {
    public let policy: String
    public let statement: Int?
    public let sid: String?
    public let field: String?
    public let problem: String

    public var description: String {
        var text = "policy \(policy)"
        if let statement {
            text += ": statement \(statement)"
            if let sid { text += " (sid \"\(sid)\")" }
        }
        if let field { text += ": field \(field)" }
        return text + ": " + problem
    }
}
