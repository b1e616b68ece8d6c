import AWSClient
import Foundation

/// The file form of a snapshot (design.md §7) decoded straight into facts: each call's response is read through a
/// `ContainerReader` into the fact types as the call is met, so that no `JSONValue` tree of the file is built and
/// no response is encoded again to be decoded. The file is first split into its calls by a scan of its bytes, and
/// each call is decoded on its own, so that `JSONDecoder`'s map of the text is one call's, not the whole file's
/// (that map set the peak memory of large audits). A file the scan cannot split (or any error) is decoded again in
/// one pass, whose errors are those of `Snapshot.load` followed by `FactsDecoder.facts(from:)`, in the same order:
/// the file's shape first, then the first response of the wrong shape.
enum SnapshotFile {
    static func read(_ path: String, documentRoots: Set<FactRoot> = Set(FactRoot.allCases)) throws -> SnapshotFacts {
        guard let bytes = contents(atPath: path) else {
            throw InputError("\(path): cannot read the file")
        }
        if let facts = try? readByCall(bytes, path: path, documentRoots: documentRoots) { return facts }
        return try read(Data(bytes), path: path, documentRoots: documentRoots)
    }

    /// The file's bytes, read once into the array the scan reads (a `Data` copied into one would double the peak).
    private static func contents(atPath path: String) -> [UInt8]? {
        guard let file = fopen(path, "rb") else { return nil }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        if fseek(file, 0, SEEK_END) == 0 { bytes.reserveCapacity(max(ftell(file), 0)) }
        rewind(file)
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let count = fread(&chunk, 1, chunk.count, file)
            bytes.append(contentsOf: chunk[0..<count])
            if count < chunk.count { return ferror(file) == 0 ? bytes : nil }
        }
    }

    /// The file form held in `data`, in one pass; `path` names the file in errors; the answers of `documentRoots`
    /// are kept as documents.
    static func read(_ data: Data, path: String, documentRoots: Set<FactRoot> = Set(FactRoot.allCases)) throws -> SnapshotFacts {
        let decoder = AWSCLIJSON.makeDecoder()
        decoder.userInfo[Contents.path] = path
        decoder.userInfo[Contents.documentRoots] = documentRoots
        do {
            return try decoder.decode(Contents.self, from: data).facts
        } catch let error as DecodingError {
            throw Snapshot.malformed(error, path: path)
        }
    }

    /// The calls decoded one at a time; nil when the scan finds no object with the supported `format` and a `calls`
    /// array (the one-pass decoding then names what is wrong).
    private static func readByCall(_ bytes: [UInt8], path: String, documentRoots: Set<FactRoot>) throws -> SnapshotFacts? {
        let scanner = JSONScanner(bytes)
        guard let members = try scanner.members(try scanner.document()) else { return nil }
        func value(_ key: String) throws -> JSONValue? {
            try members.last { $0.key == key }.map { try scanner.value($0.value) }
        }
        guard try value("format")?.numberValue == Double(Snapshot.formatVersion),
              let calls = members.last(where: { $0.key == "calls" })?.elements else { return nil }
        let reading = Calls(path: path, builder: FactsBuilder(region: try value("region")?.stringValue,
                                                              account: try value("account")?.stringValue,
                                                              documentRoots: documentRoots))
        let decoder = AWSCLIJSON.makeDecoder()
        decoder.userInfo[Calls.key] = reading
        for (index, range) in calls.enumerated() {
            reading.index = index
            _ = try scanner.bytes.withUnsafeBufferPointer { buffer in
                try decoder.decode(Call.self, from: Data(buffer[range]))
            }
        }
        return reading.facts(capturedAt: try value("capturedAt")?.stringValue)
    }

    /// What reading the calls has gathered so far: the facts, the first response of the wrong shape, the calls of
    /// operations ecs-medic does not read.
    private final class Calls {
        static let key = CodingUserInfoKey(rawValue: "ecs-medic.snapshot-calls")!
        let path: String
        var builder: FactsBuilder
        var index = 0
        var failure: (any Error)?
        var unread: [SnapshotCall] = []

        init(path: String, builder: FactsBuilder) {
            self.path = path
            self.builder = builder
        }

        private static let service = AWSCLIJSON.Key("service"), operation = AWSCLIJSON.Key("operation")
        private static let request = AWSCLIJSON.Key("request"), response = AWSCLIJSON.Key("response")
        private static let error = AWSCLIJSON.Key("error"), region = AWSCLIJSON.Key("region")

        static func string(_ container: KeyedDecodingContainer<AWSCLIJSON.Key>, _ key: AWSCLIJSON.Key) -> String? {
            (try? container.decodeIfPresent(JSONValue.self, forKey: key))?.stringValue
        }

        /// Adds the call at `index` of the file, read from `entry` (nil: not an object).
        func add(_ entry: KeyedDecodingContainer<AWSCLIJSON.Key>?) throws {
            let origin = "\(path): calls[\(index)]"
            guard let entry, let service = Self.string(entry, Self.service), let operation = Self.string(entry, Self.operation) else {
                throw InputError("\(origin): needs \"service\" and \"operation\" strings")
            }
            guard Snapshot.services.contains(service) else {
                throw InputError("\(origin).service: unknown service \"\(service)\"")
            }
            var error: SnapshotCall.CallError?
            if let recorded = try entry.decodeIfPresent(JSONValue.self, forKey: Self.error), recorded != .null {
                guard let code = recorded["code"]?.stringValue else {
                    throw InputError("\(origin).error: needs a \"code\" string")
                }
                error = .init(code: code, message: recorded["message"]?.stringValue)
            }
            // `null` stays a value, as in the tree `Snapshot.load` builds.
            let request = entry.contains(Self.request)
                ? try entry.decodeIfPresent(JSONValue.self, forKey: Self.request) ?? .null : nil
            let call = SnapshotCall(service: service, operation: operation, request: request, response: nil,
                                    error: error, region: Self.string(entry, Self.region), origin: origin)
            if OperationCatalog.operation(service: service, named: operation) == nil { unread.append(call) }
            guard failure == nil else { return }
            do {
                let response = entry.contains(Self.response)
                    ? ContainerReader(origin: origin, decoder: try entry.superDecoder(forKey: Self.response)) : nil
                try builder.add(call, response: response)
            } catch {
                failure = error
            }
        }

        func facts(capturedAt: String?) -> SnapshotFacts {
            SnapshotFacts(unreadFiles: Snapshot(calls: unread).unreadFiles, capturedAt: capturedAt,
                          decoded: failure.map { .failure($0) } ?? Result { try builder.finish() })
        }
    }

    /// One call of the file, added to the `Calls` in the decoder's user info as it is decoded.
    private struct Call: Decodable {
        init(from decoder: any Decoder) throws {
            guard let calls = decoder.userInfo[Calls.key] as? Calls else { return }
            try calls.add(try? decoder.container(keyedBy: AWSCLIJSON.Key.self))
        }
    }

    private struct Contents: Decodable {
        static let path = CodingUserInfoKey(rawValue: "ecs-medic.snapshot-path")!
        static let documentRoots = CodingUserInfoKey(rawValue: "ecs-medic.document-roots")!
        let facts: SnapshotFacts

        private static let format = AWSCLIJSON.Key("format"), calls = AWSCLIJSON.Key("calls")
        private static let region = AWSCLIJSON.Key("region"), account = AWSCLIJSON.Key("account")
        private static let capturedAt = AWSCLIJSON.Key("capturedAt")
        init(from decoder: any Decoder) throws {
            let path = decoder.userInfo[Self.path] as? String ?? ""
            guard let members = try? decoder.container(keyedBy: AWSCLIJSON.Key.self) else {
                throw InputError("\(path): not a snapshot: expected a JSON object with \"format\" and \"calls\"")
            }
            guard members.contains(Self.format) else {
                throw InputError("\(path): not a snapshot: missing \"format\" (a folder of AWS CLI outputs is read by naming the folder)")
            }
            let format = try members.decode(JSONValue.self, forKey: Self.format)
            guard format.numberValue == Double(Snapshot.formatVersion) else {
                throw InputError("\(path): unsupported snapshot format \(format.jsonText) (this ecs-medic reads format \(Snapshot.formatVersion))")
            }
            guard var entries = try? members.nestedUnkeyedContainer(forKey: Self.calls) else {
                throw InputError("\(path): \"calls\" must be an array of recorded calls")
            }
            let string = Calls.string
            let reading = Calls(path: path, builder: FactsBuilder(
                region: string(members, Self.region), account: string(members, Self.account),
                documentRoots: decoder.userInfo[Self.documentRoots] as? Set<FactRoot> ?? Set(FactRoot.allCases)))
            while !entries.isAtEnd {
                reading.index = entries.currentIndex
                try reading.add(try? entries.superDecoder().container(keyedBy: AWSCLIJSON.Key.self))
            }
            facts = reading.facts(capturedAt: string(members, Self.capturedAt))
        }
    }
}

/// What a snapshot holds, read into facts (`FactsDecoder.load(from:)`): the calls it holds that ecs-medic does not
/// read, when it was captured, and the facts, or why they could not be decoded (the unread calls are still known).
public struct SnapshotFacts: Sendable {
    public let unreadFiles: [UnreadFile]
    public let capturedAt: String?
    let decoded: Result<Facts, any Error>

    /// The facts; throws the `InputError` of the first response of the wrong shape.
    public func facts() throws -> Facts {
        try decoded.get()
    }
}
