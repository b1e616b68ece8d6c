import Foundation

/// A compiled resource pattern (`Resource`, `NotResource`, `ArnLike` values): ARNs are compared case-sensitively, one
/// colon-separated segment at a time, so `*` and `?` stay within partition, service, region and account, while in the
/// resource part `*` also crosses `:`.
struct ARNPattern: Sendable, Hashable {
    /// How a pattern is compared with a request whose resource is itself a pattern (`arn:aws:s3:::bucket/*`: every
    /// resource it names): an `Allow` must cover all of them, a `Deny` applies when it touches any of them.
    enum Relation: Sendable {
        case covers, intersects
    }

    let glob: GlobPattern
    /// The six segments (`arn`, partition, service, region, account, resource) when the pattern has no variables.
    private let segments: [[PatternToken]]?
    /// The literal bytes before the first wildcard or variable: a cheap first test.
    private let literalPrefix: [UInt8]

    init(_ text: String, variables: Bool) {
        glob = GlobPattern(text, variables: variables)
        segments = glob.hasVariables ? nil : ARNPattern.split(glob.tokens)
        var prefix: [UInt8] = []
        for token in glob.tokens {
            guard case .literal(let byte) = token else { break }
            prefix.append(byte)
        }
        literalPrefix = prefix
    }

    var isUniversal: Bool { glob.isUniversal }

    /// Whether the ARN `value` (pre-split by `ARNValue`) matches; nil when a policy variable cannot be resolved.
    func matches(_ value: ARNValue, context: RequestContext, relation: Relation = .covers) -> Bool? {
        if glob.isUniversal { return true }
        if !value.isPattern, !value.bytes.hasBytePrefix(literalPrefix) { return false }
        let parts: [[PatternToken]]?
        if let segments {
            parts = segments
        } else {
            guard let resolved = glob.resolve(context) else { return nil }
            parts = ARNPattern.split(resolved)
        }
        if value.isPattern {
            guard let parts, let valueParts = value.patternSegments else {
                let tokens = glob.hasVariables ? (glob.resolve(context) ?? []) : glob.tokens
                let valueTokens = GlobPattern(value.text, variables: false).tokens
                return relation == .covers ? GlobPattern.covers(tokens, valueTokens)
                    : GlobPattern.intersect(tokens, valueTokens)
            }
            for index in 0..<6 {
                let related = relation == .covers ? GlobPattern.covers(parts[index], valueParts[index])
                    : GlobPattern.intersect(parts[index], valueParts[index])
                if !related { return false }
            }
            return true
        }
        guard let parts, value.isARN else {
            // An ARN pattern with fewer than six segments never matches a full ARN: segments are compared one by one.
            if value.isARN, glob.tokens.starts(with: ARNPattern.arnPrefix) { return false }
            return GlobPattern.match(glob.hasVariables ? (glob.resolve(context) ?? []) : glob.tokens, value.bytes)
        }
        for index in 0..<6 {
            let matched = parts[index].withUnsafeBufferPointer { pattern in
                value.segment(index) { GlobPattern.match(pattern, $0) }
            }
            if !matched { return false }
        }
        return true
    }

    private static let arnPrefix: [PatternToken] = "arn:".utf8.map { .literal($0) }

    /// The six ARN segments, the last holding everything after the fifth `:`; nil for fewer than five colons.
    static func split(_ tokens: [PatternToken]) -> [[PatternToken]]? {
        var result: [[PatternToken]] = []
        var current: [PatternToken] = []
        for token in tokens {
            if result.count < 5, token == .literal(UInt8(ascii: ":")) {
                result.append(current)
                current = []
            } else {
                current.append(token)
            }
        }
        guard result.count == 5 else { return nil }
        result.append(current)
        return result
    }
}

/// A request's resource ARN as bytes, split once into its six segments (kept as offsets into the bytes, so that
/// splitting allocates nothing). A resource other than `*` that holds `*` or `?` is a pattern: it names every
/// resource it matches.
struct ARNValue: Sendable, Hashable {
    let text: String
    let bytes: [UInt8]
    /// The offsets of the first five colons; nil when the text is not an ARN (fewer than five colons).
    private let colons: SIMD8<Int32>?
    /// True for a resource pattern such as `arn:aws:s3:::bucket/*`; `*` alone (an action without a resource) is not.
    let isPattern: Bool

    init(_ text: String) {
        self.text = text
        bytes = Array(text.utf8)
        var found = SIMD8<Int32>(repeating: 0)
        var count = 0
        var wildcard = false
        for (index, byte) in bytes.enumerated() {
            if byte == UInt8(ascii: ":"), count < 5 {
                found[count] = Int32(index)
                count += 1
            } else if byte == UInt8(ascii: "*") || byte == UInt8(ascii: "?") {
                wildcard = true
            }
        }
        colons = count == 5 ? found : nil
        isPattern = wildcard && bytes != [UInt8(ascii: "*")]
    }

    /// True when the text has six segments.
    var isARN: Bool { colons != nil }

    /// The bytes of segment `index` (0 `arn` … 5 the resource, everything after the fifth colon); the ARN must have
    /// six segments.
    func segment<Result>(_ index: Int, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        let range = segmentRange(index)
        return bytes.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[range])) }
    }

    private func segmentRange(_ index: Int) -> Range<Int> {
        guard let colons else { return 0..<0 }
        let start = index == 0 ? 0 : Int(colons[index - 1]) + 1
        let end = index == 5 ? bytes.count : Int(colons[index])
        return start..<end
    }

    /// The segments as wildcard patterns, for a resource that is a pattern.
    var patternSegments: [[PatternToken]]? {
        ARNPattern.split(GlobPattern(text, variables: false).tokens)
    }

    /// The ARN's partition, service, region, account and resource, as text.
    var partition: String? { segment(1) }
    var service: String? { segment(2) }
    var region: String? { segment(3) }
    var account: String? { segment(4) }
    var resource: String? { segment(5) }

    private static let arnPrefix = Array("arn:".utf8)

    private func segment(_ index: Int) -> String? {
        guard isARN, bytes.hasBytePrefix(Self.arnPrefix) else { return nil }
        return String(decoding: bytes[segmentRange(index)], as: UTF8.self)
    }
}

extension [UInt8] {
    /// `starts(with:)` as one `memcmp` (the generic element-by-element form showed in the profile).
    func hasBytePrefix(_ prefix: [UInt8]) -> Bool {
        guard prefix.count <= count else { return false }
        guard !prefix.isEmpty else { return true }
        return withUnsafeBytes { whole in
            prefix.withUnsafeBytes { start in memcmp(whole.baseAddress!, start.baseAddress!, start.count) == 0 }
        }
    }
}
