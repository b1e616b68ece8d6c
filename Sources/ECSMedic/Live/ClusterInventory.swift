import AWSClient

/// The services of clusters and their stopped and running tasks, described (ECS keeps stopped tasks about an
/// hour): the first rounds of an audit, and all the interactive pick reads. Two dependent rounds: the listings,
/// then the descriptions in the batches the APIs take (10 services, 100 tasks).
struct ClusterInventory {
    let services: [JSONValue]
    let tasks: [JSONValue]

    static func collect(_ clusters: [String], _ recorder: CallRecorder) async throws -> ClusterInventory {
        await recorder.beginRound()
        let listed = try await recorder.parallel(clusters.flatMap { cluster -> [RoundPlanner.Call] in
            [(OperationCatalog.listServices, ["cluster": .string(cluster), "maxResults": 100] as JSONValue)]
                + ["STOPPED", "RUNNING"].map { status in
                    (OperationCatalog.listTasks, ["cluster": .string(cluster), "desiredStatus": .string(status), "maxResults": 100] as JSONValue)
                }
        })
        var describe: [RoundPlanner.Call] = []
        for (index, cluster) in clusters.enumerated() {
            let services = strings(listed[index * 3], "serviceArns")
            let tasks = Array(Set(strings(listed[index * 3 + 1], "taskArns") + strings(listed[index * 3 + 2], "taskArns"))).sorted()
            for chunk in RoundPlanner.chunks(services, of: 10) {
                describe.append((OperationCatalog.describeServices, ["cluster": .string(cluster), "services": .array(chunk.map(JSONValue.string))]))
            }
            for chunk in RoundPlanner.chunks(tasks, of: 100) {
                describe.append((OperationCatalog.describeTasks, ["cluster": .string(cluster), "tasks": .array(chunk.map(JSONValue.string))]))
            }
        }
        await recorder.beginRound()
        let described = try await recorder.parallel(describe).flatMap { $0 ?? [] }
        return ClusterInventory(services: described.flatMap { $0["services"]?.arrayValue ?? [] },
                                tasks: described.flatMap { $0["tasks"]?.arrayValue ?? [] })
    }

    /// The cluster ARNs of the region (`ecs list-clusters`, every page).
    static func clusters(_ recorder: CallRecorder) async throws -> [String] {
        let listed = try await recorder.call(OperationCatalog.listClusters, ["maxResults": 100])
        return Array(Set(strings(listed, "clusterArns"))).sorted()
    }

    static func strings(_ pages: [JSONValue]?, _ key: String) -> [String] {
        (pages ?? []).flatMap { $0[key]?.arrayValue ?? [] }.compactMap(\.stringValue)
    }
}

extension CallRecorder {
    /// Runs independent calls (bounded by the recorder) and returns their pages in the order of `calls`.
    nonisolated func parallel(_ calls: [RoundPlanner.Call]) async throws -> [[JSONValue]?] {
        try await withThrowingTaskGroup(of: (Int, [JSONValue]?).self) { group in
            for (index, call) in calls.enumerated() {
                group.addTask { (index, try await self.call(call.operation, call.input)) }
            }
            var pages = [[JSONValue]?](repeating: nil, count: calls.count)
            for try await (index, result) in group { pages[index] = result }
            return pages
        }
    }
}
