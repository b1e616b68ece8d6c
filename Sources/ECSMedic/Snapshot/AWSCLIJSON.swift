import Foundation

/// Decoding of the AWS CLI's JSON: PascalCase (`VpcId`, `DBClusterIdentifier`) and camelCase (`taskArn`) member
/// names both map onto Swift's lowerCamelCase properties (`vpcId`, `dbClusterIdentifier`, `taskArn`).
enum AWSCLIJSON {
    static let decoder = makeDecoder()

    /// A decoder of its own (for `userInfo`), with the same member names.
    static func makeDecoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .custom { path in
            Key(lowerCamel(path.last?.stringValue ?? ""))
        }
        return decoder
    }

    /// `VpcId` → `vpcId`, `DBClusterArn` → `dbClusterArn`, `ARN` → `arn`, `taskArn` → `taskArn`.
    static func lowerCamel(_ name: String) -> String {
        // Most members of a large response are camelCase already (ECS, Logs, ECR): no copy of them.
        if let first = name.utf8.first, first >= UInt8(ascii: "a"), first <= UInt8(ascii: "z") { return name }
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
    /// `droppingFirst` leaves out the first keys of the error's path (those above the value decoded).
    static func describe(_ error: DecodingError, under member: String?, droppingFirst depth: Int = 0) -> String {
        func path(_ codingPath: [CodingKey]) -> String {
            let parts = (member.map { [$0] } ?? []) + codingPath.dropFirst(depth).map { key in
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

    /// A member name as a coding key.
    struct Key: CodingKey {
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
