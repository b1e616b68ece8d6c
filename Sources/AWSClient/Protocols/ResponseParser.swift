import Foundation

/// Turns a service's response into the JSON the AWS CLI prints for it (`--output json`): XML lists unwrapped,
/// scalars typed by the model, timestamps in ISO 8601, IAM's URL-encoded policy documents decoded.
struct ResponseParser {
    let service: AWSServiceID
    let model: ServiceModel

    func output(_ operation: ServiceModel.Operation, _ response: HTTPResponse) throws -> JSONValue {
        guard let shapeName = operation.output, let shape = model.shape(shapeName) else { return .object([:]) }
        switch service.wireProtocol {
        case .json, .restJSON:
            guard !response.body.isEmpty else { return .object([:]) }
            let value = try JSONDecoder().decode(JSONValue.self, from: response.body)
            guard case .object = value else {
                throw AWSError(kind: .service, code: "MalformedResponse", message: "the JSON response is not an object")
            }
            return fromJSON(value, shape: shape)
        case .query, .ec2, .restXML:
            guard !response.body.isEmpty else { return .object([:]) }
            var root = try XMLNode.parse(response.body)
            // Query and EC2 answers are always `<OperationResponse>`, rest-xml ones the output shape's element:
            // any other document (an HTML page that happens to be well-formed) is not the answer, and reading it
            // would give empty lists.
            let expectedRoot = service.wireProtocol == .restXML ? shapeName : operation.name + "Response"
            guard root.name == expectedRoot else {
                throw AWSError(kind: .service, code: "MalformedResponse",
                               message: "the XML response is <\(root.name)>, not <\(expectedRoot)>")
            }
            if let wrapper = operation.resultWrapper {
                guard let result = root.child(wrapper) else { return .object([:]) }
                root = result
            }
            return fromXML(root, shape: shape)
        }
    }

    /// The error code, message and request id of a failed call, from the body of any of the four protocols
    /// (or `x-amzn-ErrorType` for json), falling back to the HTTP status.
    func error(_ response: HTTPResponse) -> (code: String, message: String, requestID: String?) {
        let requestID = response.headers["x-amzn-requestid"] ?? response.headers["x-amz-request-id"]
        let fallback = "HTTP\(response.status)"
        if [.json, .restJSON].contains(service.wireProtocol), let body = try? JSONDecoder().decode(JSONValue.self, from: response.body) {
            var code = response.headers["x-amzn-errortype"] ?? body["__type"]?.stringValue ?? body["code"]?.stringValue
                ?? body["ErrorCode"]?.stringValue
                ?? fallback
            if let colon = code.firstIndex(of: ":") { code = String(code[..<colon]) }
            if let hash = code.lastIndex(of: "#") { code = String(code[code.index(after: hash)...]) }
            let message = body["message"]?.stringValue ?? body["Message"]?.stringValue ?? ""
            return (code, message, requestID)
        }
        guard let root = try? XMLNode.parse(response.body) else {
            return (fallback, String(decoding: response.body.prefix(200), as: UTF8.self), requestID)
        }
        let code = root.first("Code")?.text ?? fallback
        let message = root.first("Message")?.text ?? ""
        return (code, message, root.first("RequestId")?.text ?? root.first("RequestID")?.text ?? requestID)
    }

    // MARK: json

    private func fromJSON(_ value: JSONValue, shape: ServiceModel.Shape) -> JSONValue {
        switch (shape.type, value) {
        case ("structure", .object(let members)):
            var result: [String: JSONValue] = [:]
            for (name, member) in shape.members {
                guard let memberValue = members[member.locationName ?? name], memberValue != .null,
                      let memberShape = model.shape(member.shape) else { continue }
                result[name] = fromJSON(memberValue, shape: memberShape)
            }
            return .object(decodingPolicies(result, shape: shape))
        case ("list", .array(let items)):
            guard let member = shape.member.flatMap({ model.shape($0.shape) }) else { return value }
            return .array(items.map { fromJSON($0, shape: member) })
        case ("map", .object(let entries)):
            guard let valueShape = shape.value.flatMap({ model.shape($0.shape) }) else { return value }
            return .object(entries.mapValues { fromJSON($0, shape: valueShape) })
        case ("timestamp", .number(let seconds)):
            return Timestamp.cliString(epochSeconds: seconds).map(JSONValue.string) ?? value
        case ("timestamp", .string(let text)):
            return Timestamp.epochSeconds(text).flatMap(Timestamp.cliString).map(JSONValue.string) ?? value
        default:
            return value
        }
    }

    // MARK: xml

    private func fromXML(_ node: XMLNode, shape: ServiceModel.Shape) -> JSONValue {
        switch shape.type {
        case "structure":
            var result: [String: JSONValue] = [:]
            for (name, member) in shape.members {
                guard let memberShape = model.shape(member.shape), member.location != "header",
                      member.location != "statusCode" else { continue }
                if memberShape.type == "list" && (memberShape.flattened || member.flattened) {
                    let itemName = memberShape.member?.locationName ?? member.locationName ?? name
                    let items = node.children(itemName)
                    if !items.isEmpty, let itemShape = memberShape.member.flatMap({ model.shape($0.shape) }) {
                        result[name] = .array(items.map { fromXML($0, shape: itemShape) })
                    }
                    continue
                }
                if memberShape.type == "map" && memberShape.flattened {
                    let entries = node.children(member.locationName ?? name)
                    if !entries.isEmpty { result[name] = mapFromXML(entries, shape: memberShape) }
                    continue
                }
                guard let child = node.child(member.locationName ?? name) else { continue }
                result[name] = fromXML(child, shape: memberShape)
            }
            return .object(decodingPolicies(result, shape: shape))
        case "list":
            guard let member = shape.member, let itemShape = model.shape(member.shape) else { return .array([]) }
            return .array(node.children(member.locationName ?? "member").map { fromXML($0, shape: itemShape) })
        case "map":
            return mapFromXML(node.children("entry"), shape: shape)
        case "boolean":
            return .bool(node.text.trimmingCharacters(in: .whitespaces) == "true")
        case "integer", "long", "float", "double":
            return Double(node.text.trimmingCharacters(in: .whitespaces)).map(JSONValue.number) ?? .string(node.text)
        case "timestamp":
            return Timestamp.epochSeconds(node.text.trimmingCharacters(in: .whitespaces))
                .flatMap(Timestamp.cliString).map(JSONValue.string) ?? .string(node.text)
        default:
            return .string(node.text)
        }
    }

    private func mapFromXML(_ entries: [XMLNode], shape: ServiceModel.Shape) -> JSONValue {
        guard let key = shape.key, let value = shape.value, let valueShape = model.shape(value.shape) else {
            return .object([:])
        }
        var result: [String: JSONValue] = [:]
        for entry in entries {
            guard let name = entry.child(key.locationName ?? "key")?.text,
                  let valueNode = entry.child(value.locationName ?? "value") else { continue }
            result[name] = fromXML(valueNode, shape: valueShape)
        }
        return .object(result)
    }

    // MARK: IAM policy documents

    /// IAM returns policy documents as URL-encoded JSON text in members of shape `policyDocumentType`;
    /// the CLI prints them decoded (botocore's `json_decode_policies`), and so do we.
    private func decodingPolicies(_ members: [String: JSONValue], shape: ServiceModel.Shape) -> [String: JSONValue] {
        var result = members
        for (name, member) in shape.members where member.shape == "policyDocumentType" {
            guard let text = members[name]?.stringValue, let decoded = text.removingPercentEncoding,
                  let document = try? JSONDecoder().decode(JSONValue.self, from: Data(decoded.utf8)) else { continue }
            result[name] = document
        }
        return result
    }
}
