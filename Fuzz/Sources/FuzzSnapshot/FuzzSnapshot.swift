@testable import ECSMedic
import Foundation
import FuzzDriver

/// Fuzzes snapshot loading: the input is a snapshot file (file form); one that loads is decoded into facts.
@main
enum FuzzSnapshot {
    static func main() {
        FuzzDriver.run { input in
            guard let snapshot = try? Snapshot.parseFile(Data(input), path: "fuzz.json") else { return }
            _ = try? FactsDecoder().facts(from: snapshot)
        }
    }
}
