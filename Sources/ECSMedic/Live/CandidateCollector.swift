import AWSClient
import Foundation

/// Reads from AWS what the interactive pick lists: the clusters (the one given, else every cluster of the region),
/// their services and their stopped and running tasks — four kinds of read-only ECS call, nothing else.
public struct CandidateCollector: Sendable {
    let client: AWSClient

    public init(client: AWSClient) {
        self.client = client
    }

    /// The services and tasks of `cluster` (name or ARN), or of every cluster when nil, as facts.
    public func collect(cluster: String?) async throws -> Facts {
        let recorder = CallRecorder(client: client, concurrency: 8)
        await recorder.beginRound()
        var clusters = cluster.map { [$0] } ?? []
        if clusters.isEmpty { clusters = try await ClusterInventory.clusters(recorder) }
        _ = try await ClusterInventory.collect(clusters, recorder)
        let snapshot = Snapshot(region: client.configuration.region, calls: await recorder.calls)
        return try FactsDecoder().facts(from: snapshot)
    }
}
