/// Finds the database a task uses: named with `--database`, the cluster or instance whose RDS-managed secret the
/// task injects, or the one whose endpoint appears in an environment value (`DATABASE_URL`, a JDBC URL).
struct DatabaseDiscovery {
    let facts: Facts

    func database(for definition: TaskDefinition, named identifier: String?) throws -> DatabaseTarget? {
        if let identifier {
            if let cluster = facts.dbClusters?.first(where: { $0.dbClusterIdentifier == identifier || $0.dbClusterArn == identifier }) {
                return target(cluster, discoveredBy: "--database \(identifier)")
            }
            if let instance = facts.dbInstances?.first(where: { $0.dbInstanceIdentifier == identifier }) {
                return target(instance, discoveredBy: "--database \(identifier)")
            }
            throw InputError("--database \(identifier): no DB cluster or instance with that identifier in the facts")
        }
        let secretARNs = definition.containerDefinitions
            .flatMap { $0.secrets ?? [] }
            .compactMap { SecretReference($0.valueFrom).arn }
        for cluster in facts.dbClusters ?? [] {
            if let secret = cluster.masterUserSecret?.secretArn, secretARNs.contains(secret) {
                return target(cluster, discoveredBy: "the RDS-managed secret of \(cluster.dbClusterIdentifier)")
            }
        }
        for instance in facts.dbInstances ?? [] where instance.dbClusterIdentifier == nil {
            if let secret = instance.masterUserSecret?.secretArn, secretARNs.contains(secret) {
                return target(instance, discoveredBy: "the RDS-managed secret of \(instance.dbInstanceIdentifier)")
            }
        }
        let environment = definition.containerDefinitions.flatMap { $0.environment ?? [] }
        for variable in environment {
            guard let value = variable.value?.lowercased(), let name = variable.name else { continue }
            for cluster in facts.dbClusters ?? [] {
                let hosts = [cluster.endpoint, cluster.readerEndpoint].compactMap { $0?.lowercased() }
                if hosts.contains(where: value.contains) {
                    return target(cluster, discoveredBy: "environment variable \(name)", port: Self.port(in: value))
                }
            }
            for instance in facts.dbInstances ?? [] {
                if let host = instance.endpoint?.address?.lowercased(), value.contains(host) {
                    return target(instance, discoveredBy: "environment variable \(name)", port: Self.port(in: value))
                }
            }
        }
        return nil
    }

    /// Every database of the facts with the names it answers to, the clusters first.
    func allDatabases() -> [DatabaseTarget] {
        let clusters = (facts.dbClusters ?? []).map { target($0, discoveredBy: "its endpoint in the container's log") }
        let standalone = (facts.dbInstances ?? []).filter { $0.dbClusterIdentifier == nil }
            .map { target($0, discoveredBy: "its endpoint in the container's log") }
        return clusters + standalone
    }

    /// The databases whose RDS-managed secret ARN was redacted (as earlier recordings did): whether the
    /// task reads their secret, and so uses them, is unverified.
    func redactedSecrets() -> [UnverifiedFact] {
        let clusters = (facts.dbClusters ?? []).filter { $0.masterUserSecret?.secretArn.map(SnapshotRedactor.isRedacted) == true }
            .map(\.dbClusterIdentifier)
        let instances = (facts.dbInstances ?? []).filter { $0.masterUserSecret?.secretArn.map(SnapshotRedactor.isRedacted) == true }
            .map(\.dbInstanceIdentifier)
        return (clusters + instances).map {
            UnverifiedFact(fact: "the RDS-managed secret of \($0) (whether the task uses that database)", reason: "redacted")
        }
    }

    /// The path is checked on the port the database listens on; a different port in the task's configuration is
    /// kept as `configuredPort` (a configuration mistake, not a network one).
    private func target(_ cluster: DBCluster, discoveredBy: String, port: Int? = nil) -> DatabaseTarget {
        let members = (facts.dbInstances ?? []).filter { $0.dbClusterIdentifier == cluster.dbClusterIdentifier }
        var target = DatabaseTarget(
            identifier: cluster.dbClusterIdentifier, arn: cluster.dbClusterArn, endpoint: cluster.endpoint,
            port: cluster.port ?? Self.defaultPort(cluster.engine),
            securityGroupIds: cluster.vpcSecurityGroups?.map(\.vpcSecurityGroupId) ?? [],
            subnetIds: Self.subnets(of: members), discoveredBy: discoveredBy)
        target.configuredPort = port
        target.hostNames = ([cluster.endpoint, cluster.readerEndpoint] + members.map { $0.endpoint?.address })
            .compactMap { $0?.lowercased() }
        return target
    }

    private func target(_ instance: DBInstance, discoveredBy: String, port: Int? = nil) -> DatabaseTarget {
        var target = DatabaseTarget(
            identifier: instance.dbInstanceIdentifier, arn: nil, endpoint: instance.endpoint?.address,
            port: instance.endpoint?.port ?? Self.defaultPort(instance.engine),
            securityGroupIds: instance.vpcSecurityGroups?.map(\.vpcSecurityGroupId) ?? [],
            subnetIds: Self.subnets(of: [instance]), discoveredBy: discoveredBy)
        target.configuredPort = port
        target.hostNames = [instance.endpoint?.address].compactMap { $0?.lowercased() }
        return target
    }

    private static func subnets(of instances: [DBInstance]) -> [String] {
        var seen: [String] = []
        for id in instances.flatMap({ $0.dbSubnetGroup?.subnets ?? [] }).compactMap(\.subnetIdentifier) where !seen.contains(id) {
            seen.append(id)
        }
        return seen
    }

    /// The port written after the host in a URL (`...amazonaws.com:5432/app`), if any.
    static func port(in value: String) -> Int? {
        guard let range = value.range(of: ".amazonaws.com:") else { return nil }
        return Int(value[range.upperBound...].prefix { $0.isNumber })
    }

    static func defaultPort(_ engine: String?) -> Int {
        let engine = engine?.lowercased() ?? ""
        if engine.contains("postgres") { return 5432 }
        if engine.contains("sqlserver") { return 1433 }
        if engine.contains("oracle") { return 1521 }
        return 3306
    }
}
