import AWSClient

/// Creates the CloudWatch Logs log group a task definition's awslogs driver writes to, tagged.
struct LogGroupStep: ApplyStep {
    let name: String

    var summary: String { "create log group \(name)" }
    var existing: [ExistingResource] { [] }

    func current(_ aws: ApplyCaller, _ state: inout ApplyState) async throws -> StepStatus {
        let found = try await aws.read(.logs, "DescribeLogGroups", ["logGroupNamePrefix": .string(name)])
        let exists = (found["logGroups"]?.arrayValue ?? []).contains { $0["logGroupName"]?.stringValue == name }
        return exists ? .inPlace(created: []) : .needed
    }

    func apply(_ aws: ApplyCaller, _ state: inout ApplyState) async throws -> [AppliedResource] {
        guard try await aws.write(.logs, "CreateLogGroup", [
            "logGroupName": .string(name), "tags": [ApplyCaller.createdByKey: .string(ApplyCaller.createdByValue)]]) != nil
        else { return [] }
        return [AppliedResource(kind: .logGroup, id: name)]
    }
}
