import AWSClient
import Foundation

/// A recorded set of AWS calls (design.md §7), read from the file form or the folder form.
public struct Snapshot: Sendable, Equatable {
    /// The snapshot file format this version reads and writes.
    public static let formatVersion = 1

    /// The services whose calls a snapshot may hold, as the AWS CLI names them.
    public static let services: Set<String> = OperationCatalog.services

    public var region: String?
    public var account: String?
    public var capturedAt: String?
    public var calls: [SnapshotCall]

    public init(region: String? = nil, account: String? = nil, capturedAt: String? = nil, calls: [SnapshotCall]) {
        self.region = region
        self.account = account
        self.capturedAt = capturedAt
        self.calls = calls
    }

    /// Reads a snapshot file (file form) or a folder of `aws ... --output json` files (folder form).
    public static func load(from path: String) throws -> Snapshot {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw InputError("\(path): no such snapshot file or folder")
        }
        return isDirectory.boolValue ? try loadFolder(path) : try loadFile(path)
    }

    static func loadFile(_ path: String) throws -> Snapshot {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw InputError("\(path): cannot read the file")
        }
        return try parseFile(data, path: path)
    }

    /// The file form held in `data`; `path` names the file in errors.
    static func parseFile(_ data: Data, path: String) throws -> Snapshot {
        let value = try decodeJSON(data, path: path)
        guard case .object(let members) = value else {
            throw InputError("\(path): not a snapshot: expected a JSON object with \"format\" and \"calls\"")
        }
        guard let format = members["format"] else {
            throw InputError("\(path): not a snapshot: missing \"format\" (a folder of AWS CLI outputs is read by naming the folder)")
        }
        guard format.numberValue == Double(formatVersion) else {
            throw InputError("\(path): unsupported snapshot format \(format.jsonText) (this ecs-medic reads format \(formatVersion))")
        }
        guard case .array(let entries)? = members["calls"] else {
            throw InputError("\(path): \"calls\" must be an array of recorded calls")
        }
        var calls: [SnapshotCall] = []
        for (index, entry) in entries.enumerated() {
            guard let service = entry["service"]?.stringValue, let operation = entry["operation"]?.stringValue else {
                throw InputError("\(path): calls[\(index)]: needs \"service\" and \"operation\" strings")
            }
            guard services.contains(service) else {
                throw InputError("\(path): calls[\(index)].service: unknown service \"\(service)\"")
            }
            var error: SnapshotCall.CallError?
            if let failure = entry["error"], failure != .null {
                guard let code = failure["code"]?.stringValue else {
                    throw InputError("\(path): calls[\(index)].error: needs a \"code\" string")
                }
                error = .init(code: code, message: failure["message"]?.stringValue)
            }
            calls.append(SnapshotCall(service: service, operation: operation, request: entry["request"],
                                      response: entry["response"], error: error, region: entry["region"]?.stringValue,
                                      origin: "\(path): calls[\(index)]"))
        }
        return Snapshot(region: members["region"]?.stringValue, account: members["account"]?.stringValue,
                        capturedAt: members["capturedAt"]?.stringValue, calls: calls)
    }

    static func loadFolder(_ path: String) throws -> Snapshot {
        let names = try FileManager.default.contentsOfDirectory(atPath: path)
            .filter { $0.hasSuffix(".json") }
            .sorted()
        var calls: [SnapshotCall] = []
        for name in names {
            let file = (path as NSString).appendingPathComponent(name)
            let stem = String(name.dropLast(".json".count))
            let parts = stem.components(separatedBy: "--")
            let base = parts[0]
            guard let dash = base.firstIndex(of: "-"), services.contains(String(base[..<dash])),
                  base.index(after: dash) < base.endIndex else {
                throw InputError("\(file): not a snapshot file name: expected <service>-<operation>[--<label>].json, e.g. ec2-describe-route-tables.json")
            }
            let label = parts.count > 1 ? FolderLabel.decode(parts.dropFirst().joined(separator: "--")) : nil
            let request: JSONValue? = label.map { .object(["label": .string($0)]) }
            let content = try readJSON(file)
            calls.append(SnapshotCall(service: String(base[..<dash]), operation: String(base[base.index(after: dash)...]),
                                      request: request, response: Self.failure(content) == nil ? content : nil,
                                      error: Self.failure(content), origin: file))
        }
        if calls.isEmpty {
            throw InputError("\(path): the folder holds no <service>-<operation>.json files")
        }
        return Snapshot(calls: calls)
    }

    /// A folder-form file that records a failed call instead of an answer: `{"Error": {"Code": ..., "Message": ...}}`
    /// (botocore's error shape, which the `snapshot commands` script writes when the AWS CLI reports an error).
    static func failure(_ content: JSONValue) -> SnapshotCall.CallError? {
        guard case .object(let members) = content, members.count == 1, let error = members["Error"],
              let code = error["Code"]?.stringValue else { return nil }
        return .init(code: code, message: error["Message"]?.stringValue)
    }

    /// The snapshot in its file form (design.md §7), keys sorted, for `snapshot record`.
    public func json() throws -> String {
        var document: [String: JSONValue] = ["format": .number(Double(Self.formatVersion))]
        document["region"] = region.map(JSONValue.string)
        document["account"] = account.map(JSONValue.string)
        document["capturedAt"] = capturedAt.map(JSONValue.string)
        document["calls"] = .array(calls.map { call in
            var entry: [String: JSONValue] = ["service": .string(call.service), "operation": .string(call.operation)]
            entry["region"] = call.region.map(JSONValue.string)
            entry["request"] = call.request
            entry["response"] = call.response
            entry["error"] = call.error.map { error in
                .object(["code": .string(error.code), "message": error.message.map(JSONValue.string) ?? .null])
            }
            return .object(entry)
        })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(JSONValue.object(document)), as: UTF8.self) + "\n"
    }

    static func readJSON(_ path: String) throws -> JSONValue {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw InputError("\(path): cannot read the file")
        }
        return try decodeJSON(data, path: path)
    }

    static func decodeJSON(_ data: Data, path: String) throws -> JSONValue {
        do {
            return try JSONDecoder().decode(JSONValue.self, from: data)
        } catch {
            throw malformed(error, path: path)
        }
    }

    /// The one-line error for a file that is not JSON.
    static func malformed(_ error: any Error, path: String) -> InputError {
        guard case DecodingError.dataCorrupted(let context) = error else { return InputError("\(path): malformed JSON") }
        let detail = (context.underlyingError as NSError?)?.userInfo["NSDebugDescription"] as? String
        return InputError("\(path): malformed JSON\(detail.map { ": \($0)" } ?? "")")
    }
}

extension JSONValue {
    /// The value as compact JSON text, for messages.
    var jsonText: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? "?"
    }
}
