import AWSClient
import Foundation

/// Compiled policies keyed by their JSON text, so that a document repeated across requests (the same managed policy
/// on every line of a batch) is parsed and compiled once. Texts are found by a hash of their first bytes and compared
/// in place with `memcmp`, never copied to make a key; a batch line's scanner jumps over a known text without reading
/// it (`knownDocument`).
public final class PolicyCache: @unchecked Sendable {
    private struct Entry {
        let bytes: [UInt8]
        let document: PolicyDocument
    }

    /// Bytes hashed to find a text's bucket; texts that share them are told apart by `memcmp`.
    private static let prefixLength = 64
    /// How many texts of one bucket a jump tries before the scanner reads the value itself.
    private static let triesPerBucket = 8

    private var texts: [Int: [Entry]] = [:]
    private var values: [ValueKey: PolicyDocument] = [:]
    private let lock = NSLock()

    public init() {}

    /// The compiled document for the text `bytes`, made by `parse` the first time the text is seen.
    func document(bytes: UnsafeRawBufferPointer, parse: () throws(PolicyError) -> PolicyDocument)
        throws(PolicyError) -> PolicyDocument {
        let key = Self.bucket(bytes)
        lock.lock()
        let cached = texts[key]?.first { $0.bytes.count == bytes.count && Self.equal($0.bytes, bytes) }
        lock.unlock()
        if let cached { return cached.document }
        let document = try parse()
        lock.lock()
        texts[key, default: []].append(Entry(bytes: Array(bytes), document: document))
        lock.unlock()
        return document
    }

    /// When a text already compiled starts at the beginning of `bytes`, the number of bytes it spans and its document.
    func knownDocument(at bytes: UnsafeRawBufferPointer) -> (Int, PolicyDocument)? {
        guard bytes.count >= Self.prefixLength else { return nil }
        let key = Self.bucket(UnsafeRawBufferPointer(rebasing: bytes[0..<Self.prefixLength]))
        lock.lock()
        defer { lock.unlock() }
        guard let bucket = texts[key] else { return nil }
        for entry in bucket.suffix(Self.triesPerBucket) where entry.bytes.count <= bytes.count
            && Self.equal(entry.bytes, UnsafeRawBufferPointer(rebasing: bytes[0..<entry.bytes.count])) {
            return (entry.bytes.count, entry.document)
        }
        return nil
    }

    /// The compiled document for an already decoded policy (the doctor's facts), keyed by its name and its value
    /// (the name is part of the document: evidence quotes it).
    public func document(_ value: JSONValue, name: String) throws(PolicyError) -> PolicyDocument {
        let key = ValueKey(name: name, value: value)
        lock.lock()
        let cached = values[key]
        lock.unlock()
        if let cached { return cached }
        let document = try PolicyDocument(value: value, name: name)
        lock.lock()
        values[key] = document
        lock.unlock()
        return document
    }

    /// How many distinct documents have been compiled.
    public var count: Int {
        lock.lock()
        defer { lock.unlock() }
        return texts.values.reduce(values.count) { $0 + $1.count }
    }

    /// A text's bucket: a hash of its first `prefixLength` bytes (all of a shorter text, with its length).
    private static func bucket(_ bytes: UnsafeRawBufferPointer) -> Int {
        var hasher = Hasher()
        if bytes.count >= prefixLength {
            hasher.combine(bytes: UnsafeRawBufferPointer(rebasing: bytes[0..<prefixLength]))
        } else {
            hasher.combine(bytes.count)
            hasher.combine(bytes: bytes)
        }
        return hasher.finalize()
    }

    private static func equal(_ stored: [UInt8], _ bytes: UnsafeRawBufferPointer) -> Bool {
        stored.count == bytes.count && stored.withUnsafeBytes { left in
            guard let a = left.baseAddress, let b = bytes.baseAddress else { return true }
            return memcmp(a, b, left.count) == 0
        }
    }

    private struct ValueKey: Hashable {
        let name: String
        let value: JSONValue
    }
}
