import AWSClient

/// Starts a new deployment of the service so that tasks start again with the fixed configuration (`--redeploy`).
/// Nothing to undo: the deployment replaces tasks, it creates no resource.
struct RedeployStep: ApplyStep {
    let cluster: String
    let service: String

    var summary: String { "new deployment of service \(service) in cluster \(cluster)" }
    var existing: [ExistingResource] { [] }

    func current(_ aws: ApplyCaller, _ state: inout ApplyState) async throws -> StepStatus { .needed }

    func apply(_ aws: ApplyCaller, _ state: inout ApplyState) async throws -> [AppliedResource] {
        _ = try await aws.write(.ecs, "UpdateService", ["cluster": .string(cluster), "service": .string(service), "forceNewDeployment": true])
        return []
    }
}
