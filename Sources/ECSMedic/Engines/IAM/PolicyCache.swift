import Foundation

/// Compiled policies keyed by their JSON text, so that a document repeated across requests (the same managed policy
/// on every line of a batch) is parsed and compiled once.
public final class PolicyCache: @unchecked Sendable {
    private var documents: [[UInt8]: PolicyDocument] = [:]
    private let lock = NSLock()

    public init() {}

    /// The compiled document for `text`, made by `parse` the first time the text is seen.
    func document(text: [UInt8], parse: () throws(PolicyError) -> PolicyDocument) throws(PolicyError) -> PolicyDocument {
        lock.lock()
        let cached = documents[text]
        lock.unlock()
        if let cached { return cached }
        let document = try parse()
        lock.lock()
        documents[text] = document
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
