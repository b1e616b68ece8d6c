import AWSClient
import Foundation

/// One recorded response, read a member at a time into fact types. Two readers share `FactsBuilder`'s knowledge of
/// what each operation answers: `JSONValueReader` over a response already in memory (a live run, a folder
/// snapshot), and `ContainerReader` over a response still in the snapshot file's bytes, so that a file is decoded
/// once, straight into the facts. Member names are as the AWS CLI prints them (`Subnets`, `PolicyVersion`).
protocol ResponseReader {
    /// Where the response came from, for error messages.
    var origin: String { get }
    /// The member `member` (nil: the whole response) as a fact type; a decoding error is an `InputError` naming
    /// the field.
    func decode<T: Decodable>(_ member: String?) throws -> T
    /// A string member; nil when it is absent or not a string.
    func string(_ member: String) -> String?
    /// Whether the response has the member (even `null`).
    func contains(_ member: String) -> Bool
    /// An object member, read the same way.
    func object(_ member: String) throws -> Self
    /// A policy document member: a JSON object (as the AWS CLI prints IAM documents) or a JSON string (as it prints
    /// key policies, secret policies and EC2 endpoint policies).
    func policy(_ member: String) throws -> JSONValue
}

extension ResponseReader {
    func callAsFunction<T: Decodable>(_ member: String?) throws -> T {
        try decode(member)
    }

    /// A string member that must be there.
    func member(_ name: String) throws -> String {
        guard let value = string(name) else { throw missing(name) }
        return value
    }

    func missing(_ member: String) -> InputError {
        InputError("\(origin): not the expected response shape: missing \"\(member)\"")
    }

    /// A policy document given as JSON text.
    func policy(text: String, member: String) throws -> JSONValue {
        guard let value = try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8)), case .object = value else {
            throw InputError("\(origin): \(member): not a JSON policy document")
        }
        return value
    }
}

/// A response held as a `JSONValue` tree (what the AWS client returns).
struct JSONValueReader: ResponseReader {
    let origin: String
    let response: JSONValue

    func decode<T: Decodable>(_ member: String?) throws -> T {
        var value = response
        if let member {
            guard let inner = response[member] else { throw missing(member) }
            value = inner
        }
        do {
            return try AWSCLIJSON.decoder.decode(T.self, from: try JSONEncoder().encode(value))
        } catch let error as DecodingError {
            throw InputError("\(origin): \(AWSCLIJSON.describe(error, under: member))")
        }
    }

    func string(_ member: String) -> String? { response[member]?.stringValue }

    func contains(_ member: String) -> Bool { response[member] != nil }

    func object(_ member: String) throws -> JSONValueReader {
        guard let value = response[member], case .object = value else { throw missing(member) }
        return JSONValueReader(origin: origin, response: value)
    }

    func policy(_ member: String) throws -> JSONValue {
        switch response[member] {
        case .object(let members)?: return .object(members)
        case .string(let text)?: return try policy(text: text, member: member)
        default: throw missing(member)
        }
    }
}

/// A response still in the snapshot file, read through the file's `JSONDecoder` (`AWSCLIJSON`'s member names), so
/// that no tree of it is built and nothing is encoded again. Errors name fields as `JSONValueReader`'s do: from the
/// response down, not from the top of the file.
struct ContainerReader: ResponseReader {
    let origin: String
    let decoder: any Decoder

    init(origin: String, decoder: any Decoder) {
        self.origin = origin
        self.decoder = decoder
    }

    private var members: KeyedDecodingContainer<AWSCLIJSON.Key>? {
        try? decoder.container(keyedBy: AWSCLIJSON.Key.self)
    }

    /// The key the file's decoder gives a member the AWS CLI prints as `name`.
    private static func key(_ name: String) -> AWSCLIJSON.Key {
        AWSCLIJSON.Key(AWSCLIJSON.lowerCamel(name))
    }

    func decode<T: Decodable>(_ member: String?) throws -> T {
        do {
            guard let member else { return try decoder.singleValueContainer().decode(T.self) }
            guard let members, members.contains(Self.key(member)) else { throw missing(member) }
            return try members.decode(T.self, forKey: Self.key(member))
        } catch let error as DecodingError {
            let depth = decoder.codingPath.count + (member == nil ? 0 : 1)
            throw InputError("\(origin): \(AWSCLIJSON.describe(error, under: member, droppingFirst: depth))")
        }
    }

    func string(_ member: String) -> String? {
        (try? members?.decodeIfPresent(String.self, forKey: Self.key(member))) ?? nil
    }

    func contains(_ member: String) -> Bool {
        members?.contains(Self.key(member)) ?? false
    }

    func object(_ member: String) throws -> ContainerReader {
        guard let members, members.contains(Self.key(member)),
              let inner = try? members.superDecoder(forKey: Self.key(member)),
              (try? inner.container(keyedBy: AWSCLIJSON.Key.self)) != nil else { throw missing(member) }
        return ContainerReader(origin: origin, decoder: inner)
    }

    func policy(_ member: String) throws -> JSONValue {
        guard let members, members.contains(Self.key(member)) else { throw missing(member) }
        if let text = try? members.decode(String.self, forKey: Self.key(member)) {
            return try policy(text: text, member: member)
        }
        guard let value = try? members.decode(JSONValue.self, forKey: Self.key(member)), case .object = value else {
            throw missing(member)
        }
        return value
    }
}
