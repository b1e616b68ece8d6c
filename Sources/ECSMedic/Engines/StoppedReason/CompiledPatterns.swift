/// The pattern table turned into one `PhraseMatcher` over all its phrases, and each pattern into phrase indices.
struct CompiledPatterns: Sendable {
    private struct Compiled: Sendable {
        let verdict: ReasonPattern.Verdict
        let allOf: [[Int]]
        let noneOf: [Int]
    }

    private let matcher: PhraseMatcher
    private let patterns: [Compiled]

    init(_ table: [ReasonPattern]) {
        var indices: [String: Int] = [:]
        var phrases: [String] = []
        func index(_ phrase: String) -> Int {
            if let known = indices[phrase] { return known }
            indices[phrase] = phrases.count
            phrases.append(phrase)
            return phrases.count - 1
        }
        patterns = table.map { pattern in
            Compiled(verdict: pattern.verdict,
                     allOf: pattern.allOf.map { $0.map(index) },
                     noneOf: pattern.noneOf.map(index))
        }
        matcher = PhraseMatcher(phrases: phrases)
    }

    /// The verdict of the first pattern that matches a normalized text, if any.
    func firstMatch(in normalized: [UInt8]) -> ReasonPattern.Verdict? {
        let found = matcher.matches(in: normalized)
        return patterns.first { pattern in
            pattern.allOf.allSatisfy { group in group.contains { found[$0] } } && !pattern.noneOf.contains { found[$0] }
        }?.verdict
    }
}
