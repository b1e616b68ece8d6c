/// Finds which of a fixed set of phrases occur in a normalized text, in one pass over it.
///
/// An Aho–Corasick automaton over 37 symbols (space, a–z, 0–9): the time is linear in the text whatever the
/// phrases, so a 64 KiB line of garbage costs the same as a real message of the same length.
/// A phrase is matched on word boundaries; a trailing `*` lets its last word be a prefix (`"timeout*"` matches `timeouts`).
struct PhraseMatcher: Sendable {
    private static let symbolCount = 37

    private let transitions: [Int32]
    private let outputs: [[Int]]

    /// The number of phrases; `matches(in:)` returns one flag per phrase, in the order given.
    let phraseCount: Int

    init(phrases: [String]) {
        phraseCount = phrases.count
        var children: [[Int32]] = [Array(repeating: -1, count: Self.symbolCount)]
        var ends: [[Int]] = [[]]
        for (index, phrase) in phrases.enumerated() {
            var node = 0
            for symbol in Self.symbols(ofPhrase: phrase) {
                if children[node][symbol] < 0 {
                    children[node][symbol] = Int32(children.count)
                    children.append(Array(repeating: -1, count: Self.symbolCount))
                    ends.append([])
                }
                node = Int(children[node][symbol])
            }
            ends[node].append(index)
        }

        var table = [Int32](repeating: 0, count: children.count * Self.symbolCount)
        var failure = [Int](repeating: 0, count: children.count)
        var queue: [Int] = []
        for symbol in 0..<Self.symbolCount {
            let child = children[0][symbol]
            if child >= 0 {
                table[symbol] = child
                queue.append(Int(child))
            }
        }
        var head = 0
        while head < queue.count {
            let node = queue[head]
            head += 1
            ends[node].append(contentsOf: ends[failure[node]])
            for symbol in 0..<Self.symbolCount {
                let child = children[node][symbol]
                let fallback = table[failure[node] * Self.symbolCount + symbol]
                if child >= 0 {
                    failure[Int(child)] = Int(fallback)
                    table[node * Self.symbolCount + symbol] = child
                    queue.append(Int(child))
                } else {
                    table[node * Self.symbolCount + symbol] = fallback
                }
            }
        }
        transitions = table
        outputs = ends
    }

    /// One flag per phrase: whether it occurs in `text`, a normalized text (see `ReasonText`).
    func matches(in text: [UInt8]) -> [Bool] {
        var found = [Bool](repeating: false, count: phraseCount)
        var reported = [Bool](repeating: false, count: outputs.count)
        var state = 0
        for byte in text {
            state = Int(transitions[state * Self.symbolCount + Self.symbol(of: byte)])
            if !reported[state] {
                reported[state] = true
                for phrase in outputs[state] { found[phrase] = true }
            }
        }
        return found
    }

    /// The symbols a phrase stands for: its normalized words between spaces, the closing space dropped for a `*` prefix.
    private static func symbols(ofPhrase phrase: String) -> [Int] {
        let isPrefix = phrase.hasSuffix("*")
        var normalized = ReasonText.normalize(Array(phrase.utf8))
        if isPrefix, normalized.last == UInt8(ascii: " ") { normalized.removeLast() }
        return normalized.map(symbol(of:))
    }

    private static func symbol(of byte: UInt8) -> Int {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"): return Int(byte - UInt8(ascii: "a")) + 1
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return Int(byte - UInt8(ascii: "0")) + 27
        default: return 0
        }
    }
}
