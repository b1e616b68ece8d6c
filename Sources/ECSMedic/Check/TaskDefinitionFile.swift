import AWSClient
import Foundation

/// A task definition file as `ecs-medic check` reads it: the `aws ecs register-task-definition
/// --cli-input-json` input, or `describe-task-definition` output (`{"taskDefinition": {...}}`), with the line
/// of each member for SARIF.
public struct TaskDefinitionFile: Sendable {
    public var path: String
    public let definition: TaskDefinition
    /// The definition as the file holds it, in the AWS CLI's JSON shape (what fact conditions read).
    public let document: JSONValue
    public var lines: JSONLineIndex
    /// `taskDefinition.` when the file wraps the definition as describe-task-definition prints it.
    public var prefix: String

    public init(path: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw InputError("\(path): cannot read the file")
        }
        try self.init(data: data, path: path)
    }

    /// The task definition held in `data`; `path` names the file in errors.
    init(data: Data, path: String) throws {
        let value: JSONValue
        do {
            value = try JSONDecoder().decode(JSONValue.self, from: data)
        } catch {
            throw InputError("\(path): malformed JSON")
        }
        let wrapped = value["taskDefinition"] != nil
        guard let body = wrapped ? value["taskDefinition"] : value, body.objectValue != nil else {
            throw InputError("\(path): not a task definition: expected a JSON object")
        }
        guard body["containerDefinitions"] != nil else {
            throw InputError("\(path): not a task definition: missing \"containerDefinitions\"")
        }
        do {
            definition = try AWSCLIJSON.decoder.decode(TaskDefinition.self, from: try JSONEncoder().encode(body))
        } catch let error as DecodingError {
            throw InputError("\(path): \(AWSCLIJSON.describe(error, under: wrapped ? "taskDefinition" : nil))")
        }
        self.path = path
        document = body
        prefix = wrapped ? "taskDefinition." : ""
        lines = JSONLineIndex(String(decoding: data, as: UTF8.self))
    }

    /// The line of a task definition field (`containerDefinitions[0].image`), else of the nearest enclosing
    /// member, else 1.
    public func line(of field: String?) -> Int {
        guard let field else { return 1 }
        return lines.line(of: prefix + field) ?? 1
    }
}
