import Foundation

/// A compiled `*`/`?` pattern over UTF-8 bytes, matched with the iterative two-pointer algorithm: O(n·m) worst case,
/// never exponential backtracking.
struct GlobPattern: Sendable, Hashable {
    let tokens: [PatternToken]
    /// True when the pattern holds policy variables that must be resolved against the request first.
    let hasVariables: Bool
    /// True when the pattern is a single `*`, which matches anything (stored: comparing the tokens showed in the
    /// profile of every resource match).
    let isUniversal: Bool

    /// Compiles `text`; with `variables` (policy version 2012-10-17) `${key}`, `${key, 'default'}`, `${*}`, `${?}` and
    /// `${$}` are recognised, otherwise the text is taken as written. `lowercased` compiles literals in lower case.
    init(_ text: String, variables: Bool, lowercased: Bool = false) {
        let source = lowercased ? text.lowercased() : text
        tokens = GlobPattern.tokenize(Array(source.utf8), variables: variables)
        hasVariables = tokens.contains { if case .variable = $0 { true } else { false } }
        isUniversal = tokens == [.star]
    }

    /// Whether `value` matches, resolving variables from `context`; nil when a variable cannot be resolved (AWS then
    /// treats the element as not matching).
    func matches(_ value: [UInt8], context: RequestContext) -> Bool? {
        guard hasVariables else { return GlobPattern.match(tokens, value) }
        guard let resolved = resolve(context) else { return nil }
        return GlobPattern.match(resolved, value)
    }

    /// Whether the text `value` matches; nil when a variable cannot be resolved.
    func matches(_ value: String, context: RequestContext) -> Bool? {
        var value = value
        return value.withUTF8 { bytes in
            guard hasVariables else { return tokens.withUnsafeBufferPointer { GlobPattern.match($0, bytes) } }
            guard let resolved = resolve(context) else { return nil }
            return resolved.withUnsafeBufferPointer { GlobPattern.match($0, bytes) }
        }
    }

    /// The tokens with every variable replaced by its value as literal bytes; nil when a variable has no value.
    func resolve(_ context: RequestContext) -> [PatternToken]? {
        var result: [PatternToken] = []
        result.reserveCapacity(tokens.count)
        for token in tokens {
            guard case .variable(let variable) = token else {
                result.append(token)
                continue
            }
            if let values = context.values(forLowercasedKey: variable.key), values.count == 1 {
                result.append(contentsOf: values[0].utf8.map { PatternToken.literal($0) })
            } else if let fallback = variable.defaultValue {
                result.append(contentsOf: fallback.utf8.map { PatternToken.literal($0) })
            } else {
                return nil
            }
        }
        return result
    }

    /// The literal text with variables resolved (no wildcards interpreted), for exact comparisons of condition values.
    func resolvedText(_ context: RequestContext) -> String? {
        guard let resolved = hasVariables ? resolve(context) : tokens else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(resolved.count)
        for token in resolved {
            switch token {
            case .literal(let byte): bytes.append(byte)
            case .star: bytes.append(UInt8(ascii: "*"))
            case .question: bytes.append(UInt8(ascii: "?"))
            case .variable: return nil
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Two-pointer wildcard matching: `*` matches any run of bytes, `?` one character.
    static func match(_ pattern: [PatternToken], _ value: [UInt8]) -> Bool {
        pattern.withUnsafeBufferPointer { p in
            value.withUnsafeBufferPointer { v in match(p, v) }
        }
    }

    static func match(_ pattern: UnsafeBufferPointer<PatternToken>, _ value: UnsafeBufferPointer<UInt8>) -> Bool {
        var p = 0, v = 0
        var starP = -1, starV = 0
        let m = pattern.count, n = value.count
        while v < n {
            if p < m {
                switch pattern[p] {
                case .star:
                    starP = p
                    starV = v
                    p += 1
                    continue
                case .question:
                    p += 1
                    v += scalarLength(value[v])
                    continue
                case .literal(let byte) where byte == value[v]:
                    p += 1
                    v += 1
                    continue
                default:
                    break
                }
            }
            guard starP >= 0 else { return false }
            p = starP + 1
            starV += 1
            v = starV
        }
        while p < m, case .star = pattern[p] { p += 1 }
        return p == m && v == n
    }

    /// Whether pattern `a` matches every string that pattern `b` matches (`b`'s wildcards are only covered by `*`, or
    /// `?` by `?`): dynamic programming over both, O(n·m). Exact except for reorderings such as `??*` against `?*?`,
    /// which it calls not covered.
    static func covers(_ a: [PatternToken], _ b: [PatternToken]) -> Bool {
        relate(a, b, covering: true)
    }

    /// Whether two `*`/`?` patterns share a string: dynamic programming over both, O(n·m).
    static func intersect(_ a: [PatternToken], _ b: [PatternToken]) -> Bool {
        relate(a, b, covering: false)
    }

    private static func relate(_ a: [PatternToken], _ b: [PatternToken], covering: Bool) -> Bool {
        var memo = [UInt8](repeating: 0, count: (a.count + 1) * (b.count + 1))
        func go(_ i: Int, _ j: Int) -> Bool {
            let slot = i * (b.count + 1) + j
            if memo[slot] != 0 { return memo[slot] == 2 }
            let result: Bool
            if i == a.count, j == b.count {
                result = true
            } else if i < a.count, a[i] == .star {
                result = go(i + 1, j) || (j < b.count && go(i, j + 1))
            } else if !covering, j < b.count, b[j] == .star {
                result = go(i, j + 1) || (i < a.count && go(i + 1, j))
            } else if i < a.count, j < b.count {
                let compatible: Bool
                switch (a[i], b[j]) {
                case (.question, .literal), (.question, .question): compatible = true
                // A policy's literal `*` or `?` (written `${*}`, `${?}`) names the same character in the request.
                case (.literal(UInt8(ascii: "*")), .star), (.literal(UInt8(ascii: "?")), .question): compatible = true
                case (.literal, .question): compatible = !covering
                case (.literal(let x), .literal(let y)): compatible = x == y
                default: compatible = false
                }
                result = compatible && go(i + 1, j + 1)
            } else {
                result = false
            }
            memo[slot] = result ? 2 : 1
            return result
        }
        return go(0, 0)
    }

    /// The number of bytes of the UTF-8 sequence that starts with `lead`.
    private static func scalarLength(_ lead: UInt8) -> Int {
        switch lead {
        case 0xF0...: 4
        case 0xE0...: 3
        case 0xC0...: 2
        default: 1
        }
    }

    private static func tokenize(_ bytes: [UInt8], variables: Bool) -> [PatternToken] {
        var tokens: [PatternToken] = []
        tokens.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if variables, byte == UInt8(ascii: "$"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "{"),
               let close = bytes[(index + 2)...].firstIndex(of: UInt8(ascii: "}")) {
                let inner = String(decoding: bytes[(index + 2)..<close], as: UTF8.self)
                if let token = variableToken(inner) {
                    tokens.append(token)
                    index = close + 1
                    continue
                }
            }
            switch byte {
            case UInt8(ascii: "*"): tokens.append(.star)
            case UInt8(ascii: "?"): tokens.append(.question)
            default: tokens.append(.literal(byte))
            }
            index += 1
        }
        return tokens
    }

    /// The token for the text between `${` and `}`; nil when it is not a well-formed variable (kept as literal text).
    private static func variableToken(_ inner: String) -> PatternToken? {
        switch inner {
        case "*": return .literal(UInt8(ascii: "*"))
        case "?": return .literal(UInt8(ascii: "?"))
        case "$": return .literal(UInt8(ascii: "$"))
        default: break
        }
        let parts = inner.split(separator: ",", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
        guard let key = parts.first, !key.isEmpty, !key.contains(" ") else { return nil }
        var fallback: String?
        if parts.count == 2 {
            let quoted = parts[1]
            guard quoted.count >= 2, quoted.hasPrefix("'"), quoted.hasSuffix("'") else { return nil }
            fallback = String(quoted.dropFirst().dropLast()).replacingOccurrences(of: "''", with: "'")
        }
        return .variable(PolicyVariable(key: key.lowercased(), defaultValue: fallback))
    }
}
