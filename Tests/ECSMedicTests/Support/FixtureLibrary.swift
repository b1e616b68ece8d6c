import ECSMedic
import Foundation
import Yams

/// The scenario fixtures under `fixtures/`: their facts and the findings written by hand in `expected.yaml`.
enum FixtureLibrary {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let folder = packageRoot.appending(path: "fixtures")

    /// Every fixture folder that has an `expected.yaml`.
    static var names: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { FileManager.default.fileExists(atPath: folder.appending(path: "\($0)/expected.yaml").path) }
            .sorted()
    }

    static func path(_ name: String) -> String {
        folder.appending(path: name).path
    }

    static func facts(_ name: String) throws -> Facts {
        try FactsDecoder().facts(from: try Snapshot.load(from: path(name)))
    }

    struct Expectation: Decodable {
        struct Finding: Decodable, Hashable {
            var rule: String
            var resource: String
        }

        var description: String
        var stoppedReasonCategory: String?
        /// False when the findings are notes that do not explain the stop (they say what could not be seen).
        var explainedByFacts: Bool?
        var findings: [Finding]
    }

    static func expectation(_ name: String) throws -> Expectation {
        let text = try String(contentsOf: folder.appending(path: "\(name)/expected.yaml"), encoding: .utf8)
        return try YAMLDecoder().decode(Expectation.self, from: text)
    }
}
