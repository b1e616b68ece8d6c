import Foundation

/// Decoding of the AWS CLI's JSON: PascalCase (`VpcId`, `DBClusterIdentifier`) and camelCase (`taskArn`) member
/// names both map onto Swift's lowerCamelCase properties (`vpcId`, `dbClusterIdentifier`, `taskArn`).
enum AWSCLIJSON {
    static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .custom { path in
            Key(lowerCamel(path.last?.stringValue ?? ""))
        }
        return decoder
    }()

    /// `VpcId` → `vpcId`, `DBClusterArn` → `dbClusterArn`, `ARN` → `arn`, `taskArn` → `taskArn`.
    static func lowerCamel(_ name: String) -> String {
        let characters = Array(name)
        var upperRun = 0
        while upperRun < characters.count, characters[upperRun].isUppercase { upperRun += 1 }
        switch upperRun {
        case 0: return name
        case characters.count: return name.lowercased()
        case 1: return characters[0].lowercased() + String(characters[1...])
        default:
            let lowered = String(characters[..<(upperRun - 1)]).lowercased()
            return lowered + String(characters[(upperRun - 1)...])
        }
    }

    /// One line for a decoding error: the field path (as the JSON names it) and what was wrong.
    static func describe(_ error: DecodingError, under member: String?) -> String {
        func path(_ codingPath: [CodingKey]) -> String {
            let parts = (member.map { [$0] } ?? []) + codingPath.map { key in
                key.intValue.map { "[\($0)]" } ?? key.stringValue
            }
            return parts.reduce("") { result, part in
                part.hasPrefix("[") || result.isEmpty ? result + part : result + "." + part
            }
        }
        switch error {
        case .keyNotFound(let key, let context):
            return "\(path(context.codingPath + [key])): missing"
        case .typeMismatch(let type, let context):
            return "\(path(context.codingPath)): expected \(Self.typeName(type))"
        case .valueNotFound(let type, let context):
            return "\(path(context.codingPath)): expected \(Self.typeName(type)), found null"
        case .dataCorrupted(let context):
            return "\(path(context.codingPath)): \(context.debugDescription)"
        @unknown default:
            return "not the expected response shape"
        }
    }

    private static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: return "a string"
        case is Int.Type, is Double.Type: return "a number"
        case is Bool.Type: return "a boolean"
        default: return String(describing: type).hasPrefix("Array") ? "a list" : "an object"
        }
    }

    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int?
        init(_ string: String) { stringValue = string }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) {
            stringValue = String(intValue)
            self.intValue = intValue
        }
    }
}
