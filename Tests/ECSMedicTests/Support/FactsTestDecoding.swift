@testable import ECSMedic
import Foundation

/// Decodes a fact type from AWS CLI JSON text, as the snapshot decoder does.
enum FactsTestDecoding {
    static func decode<T: Decodable>(_ json: String) throws -> T {
        try AWSCLIJSON.decoder.decode(T.self, from: Data(json.utf8))
    }
}
