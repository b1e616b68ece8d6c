import Foundation
import Testing
@testable import ECSMedic

/// The classifier against `corpus.tsv`: the original messages, the messages gathered from public sources for issue #23,
/// and the held-back tenth of the gathered ones that the phrase table was not tuned on.
///
/// Accuracy is measured and floored separately for the original section, the tuning set and the held-back set; the
/// held-back figure is the honest one, so its misses are counted but not printed (printing them invites tuning on them).
@Suite struct StoppedReasonCorpusTests {
    struct Entry {
        let line: Int
        let expected: String
        let source: String
        let message: String
        let gathered: Bool

        var derived: Bool { source.hasPrefix("derived") }
        /// Gathered, not derived, and hashing to 0 modulo 10: fixed by the message alone, before any tuning.
        var heldBack: Bool { gathered && !derived && StoppedReasonCorpusTests.fnv1a64(message) % 10 == 0 }
    }

    /// The comment line that starts the gathered section.
    static let gatheredMarker = "# --- gathered"

    static let corpus: [Entry] = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appending(path: "corpus.tsv")
        let text = (try? String(contentsOf: url, encoding: .utf8)) ?? ""
        var gathered = false
        var entries: [Entry] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if line.hasPrefix(gatheredMarker) { gathered = true }
            guard !line.isEmpty, !line.hasPrefix("#") else { continue }
            let fields = line.split(separator: "\t", maxSplits: 2, omittingEmptySubsequences: false)
            guard fields.count == 3 else {
                entries.append(Entry(line: index + 1, expected: "<malformed>", source: "", message: String(line), gathered: gathered))
                continue
            }
            entries.append(Entry(line: index + 1, expected: String(fields[0]), source: String(fields[1]),
                                 message: String(fields[2]), gathered: gathered))
        }
        return entries
    }()

    static let original = corpus.filter { !$0.gathered }
    static let heldBack = corpus.filter(\.heldBack)
    static let tuning = corpus.filter { $0.gathered && !$0.heldBack }

    /// FNV-1a, 64 bits, over the UTF-8 bytes: stable across platforms and runs, unlike `Hasher`.
    static func fnv1a64(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return hash
    }

    /// The entries the classifier gets wrong, as printable lines.
    static func misses(_ entries: [Entry]) -> [String] {
        let classifier = StoppedReasonClassifier()
        return entries.compactMap { entry in
            let got = classifier.classify(entry.message).category
            guard got != entry.expected else { return nil }
            return "corpus.tsv:\(entry.line): expected \(entry.expected), got \(got) [\(entry.source)] \(entry.message.prefix(160))"
        }
    }

    static func accuracy(_ entries: [Entry], misses: Int) -> Double {
        Double(entries.count - misses) / Double(max(entries.count, 1))
    }

    @Test func corpusIsWellFormedWithKnownCategories() {
        #expect(Self.corpus.count >= 1175)
        #expect(Self.heldBack.count >= 88)
        for entry in Self.corpus {
            #expect(StoppedReasonCatalog.ids.contains(entry.expected), "corpus.tsv:\(entry.line): unknown category \(entry.expected)")
            #expect(!entry.source.isEmpty, "corpus.tsv:\(entry.line): no source")
        }
    }

    @Test func noMessageAppearsTwice() {
        var seen: [String: Int] = [:]
        for entry in Self.corpus {
            if let first = seen[entry.message] {
                Issue.record("corpus.tsv:\(entry.line) repeats line \(first)")
            }
            seen[entry.message] = seen[entry.message] ?? entry.line
        }
    }

    @Test func derivedMessagesAreAMinorityAndNameTheirOriginal() {
        let derived = Self.corpus.filter(\.derived)
        #expect(derived.count * 5 < Self.corpus.count, "\(derived.count) derived of \(Self.corpus.count)")
        for entry in derived {
            #expect(entry.gathered && entry.source.contains(" from "), "corpus.tsv:\(entry.line): derived without its original")
        }
    }

    @Test func everyCategoryIsReachableFromTheCorpus() {
        let classifier = StoppedReasonClassifier()
        let reached = Set(Self.corpus.map { classifier.classify($0.message).category })
        #expect(Set(StoppedReasonCatalog.ids).subtracting(reached).sorted() == [])
    }

    @Test func everyCategoryHasGatheredMessages() {
        let present = Set(Self.corpus.filter { $0.gathered && !$0.derived }.map(\.expected))
        #expect(Set(StoppedReasonCatalog.ids).subtracting(present).sorted() == [])
    }

    @Test func originalSectionKeepsItsAccuracy() {
        let misses = Self.misses(Self.original)
        let accuracy = Self.accuracy(Self.original, misses: misses.count)
        print("stopped-reason corpus, original: \(Self.original.count - misses.count)/\(Self.original.count) (\(String(format: "%.1f", accuracy * 100))%)")
        for miss in misses { print("  miss: \(miss)") }
        #expect(accuracy >= 0.98, "misses:\n\(misses.joined(separator: "\n"))")
    }

    @Test func tuningSetAccuracyStaysAboveItsFloor() {
        let misses = Self.misses(Self.tuning)
        let accuracy = Self.accuracy(Self.tuning, misses: misses.count)
        print("stopped-reason corpus, tuning set: \(Self.tuning.count - misses.count)/\(Self.tuning.count) (\(String(format: "%.1f", accuracy * 100))%)")
        for miss in misses { print("  miss: \(miss)") }
        #expect(accuracy >= Self.tuningFloor, "misses:\n\(misses.joined(separator: "\n"))")
    }

    @Test func heldBackAccuracyStaysAboveItsFloor() {
        let misses = Self.misses(Self.heldBack).count
        let accuracy = Self.accuracy(Self.heldBack, misses: misses)
        print("stopped-reason corpus, held-back set: \(Self.heldBack.count - misses)/\(Self.heldBack.count) (\(String(format: "%.1f", accuracy * 100))%)")
        #expect(accuracy >= Self.heldBackFloor, "\(misses) of \(Self.heldBack.count) held-back messages misclassified")
    }

    /// The measured accuracies (811/865 and 77/88), rounded down a little; README and docs/explain.md give them.
    static let tuningFloor = 0.93
    static let heldBackFloor = 0.85
}
