import AWSClient
import Foundation

/// The file form of a snapshot (design.md §7) decoded in one pass of `JSONDecoder` straight into facts: each
/// call's response is read through a `ContainerReader` into the fact types as the call is met, so that no
/// `JSONValue` tree of the file is built and no response is encoded again to be decoded. Errors are those of
/// `Snapshot.load` followed by `FactsDecoder.facts(from:)`, in the same order: the file's shape first, then the
/// first response of the wrong shape.
enum SnapshotFile {
    static func read(_ path: String, documentRoots: Set<FactRoot> = Set(FactRoot.allCases)) throws -> SnapshotFacts {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw InputError("\(path): cannot read the file")
        }
        return try read(data, path: path, documentRoots: documentRoots)
    }

    /// The file form held in `data`; `path` names the file in errors; the answers of `documentRoots` are kept as
    /// documents.
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

    private struct Contents: Decodable {
        static let path = CodingUserInfoKey(rawValue: "ecs-medic.snapshot-path")!
        static let documentRoots = CodingUserInfoKey(rawValue: "ecs-medic.document-roots")!
        let facts: SnapshotFacts

        private static let format = AWSCLIJSON.Key("format"), calls = AWSCLIJSON.Key("calls")
        private static let region = AWSCLIJSON.Key("region"), account = AWSCLIJSON.Key("account")
        private static let capturedAt = AWSCLIJSON.Key("capturedAt")
        private static let service = AWSCLIJSON.Key("service"), operation = AWSCLIJSON.Key("operation")
        private static let request = AWSCLIJSON.Key("request"), response = AWSCLIJSON.Key("response")
        private static let error = AWSCLIJSON.Key("error")

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
            func string(_ container: KeyedDecodingContainer<AWSCLIJSON.Key>, _ key: AWSCLIJSON.Key) -> String? {
                (try? container.decodeIfPresent(JSONValue.self, forKey: key))?.stringValue
            }
            let region = string(members, Self.region), account = string(members, Self.account)
            var builder = FactsBuilder(region: region, account: account,
                                       documentRoots: decoder.userInfo[Self.documentRoots] as? Set<FactRoot> ?? Set(FactRoot.allCases))
            var failure: (any Error)?
            var unread: [SnapshotCall] = []
            while !entries.isAtEnd {
                let index = entries.currentIndex
                let origin = "\(path): calls[\(index)]"
                let entry = try? entries.superDecoder().container(keyedBy: AWSCLIJSON.Key.self)
                guard let entry, let service = string(entry, Self.service), let operation = string(entry, Self.operation) else {
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
                                        error: error, region: string(entry, Self.region), origin: origin)
                if OperationCatalog.operation(service: service, named: operation) == nil { unread.append(call) }
                guard failure == nil else { continue }
                do {
                    let response = entry.contains(Self.response)
                        ? ContainerReader(origin: origin, decoder: try entry.superDecoder(forKey: Self.response)) : nil
                    try builder.add(call, response: response)
                } catch {
                    failure = error
                }
            }
            facts = SnapshotFacts(unreadFiles: Snapshot(calls: unread).unreadFiles, capturedAt: string(members, Self.capturedAt),
                                  decoded: failure.map { .failure($0) } ?? Result { try builder.finish() })
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
