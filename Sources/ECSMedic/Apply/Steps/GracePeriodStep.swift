import AWSClient

/// Sets a service's health check grace period (`UpdateService healthCheckGracePeriodSeconds`): no task restarts,
/// the next ones get the time. In place when the service already gives at least that much; undoing restores the
/// seconds it had.
struct GracePeriodStep: ApplyStep {
    let cluster: String
    let service: String
    let seconds: Int

    var summary: String { "set the health check grace period of service \(service) in cluster \(cluster) to \(seconds) s" }
    var existing: [ExistingResource] { [] }

    func current(_ aws: ApplyCaller, _ state: inout ApplyState) async throws -> StepStatus {
        let current = try await self.currentSeconds(aws)
        return current >= seconds ? .inPlace(created: []) : .needed
    }

    func apply(_ aws: ApplyCaller, _ state: inout ApplyState) async throws -> [AppliedResource] {
        let previous = try await currentSeconds(aws)
        guard try await aws.write(.ecs, "UpdateService", ["cluster": .string(cluster), "service": .string(service),
                                                          "healthCheckGracePeriodSeconds": .number(Double(seconds))]) != nil
        else { return [] }
        return [AppliedResource(kind: .healthCheckGracePeriod, id: service, parent: cluster, previous: .number(Double(previous)))]
    }

    private func currentSeconds(_ aws: ApplyCaller) async throws -> Int {
        let found = try await aws.read(.ecs, "DescribeServices", ["cluster": .string(cluster), "services": [.string(service)]])
        return found["services"]?[0]?["healthCheckGracePeriodSeconds"]?.numberValue.map { Int($0) } ?? 0
    }
}
