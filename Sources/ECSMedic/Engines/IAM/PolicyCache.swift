import AWSClient
import Foundation

/// Compiled policies keyed by their JSON, so that a document repeated across requests (the same managed policy in
/// every line of a batch) is parsed and compiled once.
public final class PolicyCache: @unchecked Sendable {
    private var documents: [JSONValue: PolicyDocument] = [:]
    private let lock = NSLock()

    public init() {}

    /// The compiled form of `value`, parsed under `name` the first time it is seen.
    public func document(_ value: JSONValue, name: String) throws(PolicyError) -> PolicyDocument {
        lock.lock()
        let cached = documents[value]
        lock.unlock()
        if let cached { return cached }
        let document = try PolicyDocument(value: value, name: name)
        lock.lock()
        documents[value] = document
        lock.unlock()
        return document
    }

    /// How many distinct documents have been compiled.
    public var count: Int {
        lock.lock()
        defer { lock.unlock() }
        return documents.count
    }
}
