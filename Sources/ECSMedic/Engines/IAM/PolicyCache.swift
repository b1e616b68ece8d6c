import AWSClient
import Foundation

/// Compiled policies keyed by their JSON text, so that a document repeated across requests (the same managed policy
/// on every line of a batch) is parsed and compiled once.
public final class PolicyCache: @unchecked Sendable {
    private var documents: [PolicyText: PolicyDocument] = [:]
    private let lock = NSLock()

    public init() {}

    /// The compiled document for `text`, made by `parse` the first time the text is seen.
    func document(text: PolicyText, parse: () throws(PolicyError) -> PolicyDocument) throws(PolicyError) -> PolicyDocument {
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

    /// The compiled document for an already decoded policy (the doctor's facts), keyed by its name and canonical
    /// JSON (the name is part of the document: evidence quotes it).
    public func document(_ value: JSONValue, name: String) throws(PolicyError) -> PolicyDocument {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let bytes = Array((name + "\u{0}").utf8) + ((try? encoder.encode(value)).map { [UInt8]($0) } ?? [])
        return try document(text: PolicyText(bytes[...]), parse: { () throws(PolicyError) -> PolicyDocument in
            try PolicyDocument(value: value, name: name)
        })
    }

    /// How many distinct documents have been compiled.
    public var count: Int {
        lock.lock()
        defer { lock.unlock() }
        return documents.count
    }
}

/// A policy's JSON text as the cache key: hashed and compared as raw bytes, not byte by byte through `Hasher`.
struct PolicyText: Hashable {
    let bytes: [UInt8]

    init(_ slice: ArraySlice<UInt8>) {
        bytes = Array(slice)
    }

    /// Hashes the length and three 64-byte samples (start, middle, end): cheap on 20 kB documents, and equality still
    /// compares every byte.
    func hash(into hasher: inout Hasher) {
        hasher.combine(bytes.count)
        bytes.withUnsafeBytes { raw in
            let window = min(64, raw.count)
            hasher.combine(bytes: UnsafeRawBufferPointer(rebasing: raw[0..<window]))
            let middle = (raw.count - window) / 2
            hasher.combine(bytes: UnsafeRawBufferPointer(rebasing: raw[middle..<(middle + window)]))
            hasher.combine(bytes: UnsafeRawBufferPointer(rebasing: raw[(raw.count - window)...]))
        }
    }

    static func == (lhs: PolicyText, rhs: PolicyText) -> Bool {
        lhs.bytes.count == rhs.bytes.count && lhs.bytes.withUnsafeBytes { left in
            rhs.bytes.withUnsafeBytes { right in
                guard let a = left.baseAddress, let b = right.baseAddress else { return true }
                return memcmp(a, b, left.count) == 0
            }
        }
    }
}
