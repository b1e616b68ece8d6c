import Foundation
import Testing
@testable import ECSMedic

/// The classifier against a corpus of real and realistic messages: at least 97% must get their expected category.
@Suite struct StoppedReasonCorpusTests {
    struct Entry {
        let line: Int
        let expected: String
        let source: String
        let message: String
    }

    static let corpus: [Entry] = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appending(path: "corpus.tsv")
        let text = (try? String(contentsOf: url, encoding: .utf8)) ?? ""
        return text.split(separator: "\n", omittingEmptySubsequences: false).enumerated().compactMap { index, line in
            guard !line.isEmpty, !line.hasPrefix("#") else { return nil }
            let fields = line.split(separator: "\t", maxSplits: 2, omittingEmptySubsequences: false)
            guard fields.count == 3 else { return Entry(line: index + 1, expected: "<malformed>", source: "", message: String(line)) }
            return Entry(line: index + 1, expected: String(fields[0]), source: String(fields[1]), message: String(fields[2]))
        }
    }()

    @Test func corpusHasAtLeast150MessagesWithKnownCategories() {
        #expect(Self.corpus.count >= 150)
        for entry in Self.corpus {
            #expect(StoppedReasonCatalog.ids.contains(entry.expected), "corpus.tsv:\(entry.line): unknown category \(entry.expected)")
        }
    }

    @Test func everyCategoryIsReachableFromTheCorpus() {
        let classifier = StoppedReasonClassifier()
        let reached = Set(Self.corpus.map { classifier.classify($0.message).category })
        #expect(Set(StoppedReasonCatalog.ids).subtracting(reached).sorted() == [])
    }

    @Test func classifiesAtLeast97PercentOfTheCorpus() {
        let classifier = StoppedReasonClassifier()
        var misses: [String] = []
        for entry in Self.corpus {
            let got = classifier.classify(entry.message).category
            if got != entry.expected {
                misses.append("corpus.tsv:\(entry.line): expected \(entry.expected), got \(got) [\(entry.source)] \(entry.message.prefix(160))")
            }
        }
        let correct = Self.corpus.count - misses.count
        let accuracy = Double(correct) / Double(max(Self.corpus.count, 1))
        print("stopped-reason corpus: \(correct)/\(Self.corpus.count) correct (\(String(format: "%.1f", accuracy * 100))%), \(misses.count) misses")
        for miss in misses { print("  miss: \(miss)") }
        #expect(accuracy >= 0.97, "misses:\n\(misses.joined(separator: "\n"))")
    }
}
