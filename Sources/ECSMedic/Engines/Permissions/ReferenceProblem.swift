/// A `valueFrom` that cannot work: malformed, or naming a secret or parameter that does not exist.
public struct ReferenceProblem: Sendable, Equatable {
    public enum Kind: String, Sendable {
        case malformed, notFound = "not-found"
    }

    public var kind: Kind
    /// The `valueFrom` (or `credentialsParameter`) as written.
    public var reference: String
    /// Where it is used, e.g. `secret DB_PASSWORD of container app`.
    public var usage: String
    public var detail: String
}
