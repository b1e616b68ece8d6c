/// Reads what happened after the task started — its containers' log lines through the crash-signature catalog,
/// their exit codes and reasons, the memory figures — and joins it to the other facts: the host a log line names is
/// resolved (the database, an endpoint, an address of the VPC) and given the network verdict for it, so that a
/// timeout in the log and a security group that blocks the path become one finding, and a log that contradicts the
/// network verdict is said to.
struct AfterStartAnalyzer {
    let context: DiagnosisContext
    let catalog: LogSignatureCatalog

    init(context: DiagnosisContext, catalog: LogSignatureCatalog = .shipped) {
        self.context = context
        self.catalog = catalog
    }

    struct Result {
        var issues: [AfterStartIssue] = []
        var joins: [LogJoin] = []
        /// Logs that could not be read: every failed read, whatever the task's state (design.md: unverified facts),
        /// and streams not collected of a task that stopped after it started (what the report could not see).
        var unverified: [UnverifiedFact] = []
    }

    /// One container's log lines and their signature matches.
    struct ContainerLines {
        var container: String
        var stream: String
        var events: [LogEvent]
        var matches: [LogSignatureMatch]
    }

    func analyze() -> Result {
        var result = Result()
        guard let task = context.task else { return result }
        let logs = context.facts.containerLogs(of: task)
        let ranAndStopped = task.startedAt != nil && task.lastStatus == "STOPPED"
        var lines: [ContainerLines] = []
        for log in logs {
            if let events = log.lines {
                let stream: String
                if case .awslogs(let group, _, let name) = log.source { stream = "\(group) \(name)" } else { stream = log.container }
                lines.append(ContainerLines(container: log.container, stream: stream, events: events,
                                            matches: catalog.matches(in: events.map(\.message))))
            }
            if let fact = log.unverified, log.read || ranAndStopped { result.unverified.append(fact) }
        }
        let database = context.needs.lazy.compactMap { need -> DatabaseTarget? in
            if case .database(let target) = need.destination { return target }
            return nil
        }.first
        let resolver = LogDestinationResolver(facts: context.facts, vpcId: context.vpcId, database: database,
                                              region: context.region)
        for container in lines {
            result.joins += joins(of: container, resolver: resolver)
            result.issues += unresolvedHosts(of: container, resolver: resolver)
        }
        for join in result.joins {
            result.issues += databaseIssues(of: join)
        }
        result.issues += MemoryAnalysis(context: context, task: task, lines: lines).issues()
        let healthChecks = TargetHealthAnalysis(context: context, task: task, lines: lines).issues()
        result.issues += healthChecks
        // A check that cannot pass (a port, path or code it never gets) is not a matter of time.
        result.issues += GracePeriodAnalysis(context: context, task: task, lines: lines,
                                             settled: Set(healthChecks.map(\.resource))).issues()
        result.issues += ContainerHealthCheckAnalysis(context: context, task: task, lines: lines).issues()
        result.issues += CrashAnalysis(context: context, task: task, lines: lines).issues()
        return result
    }

    // MARK: Connections

    static let connectionKinds: Set<LogSignatureKind> = [.connectionTimeout, .connectionRefused, .connectionFailed]

    /// The container's connection failures, one join per destination and port.
    private func joins(of container: ContainerLines, resolver: LogDestinationResolver) -> [LogJoin] {
        var joins: [LogJoin] = []
        for match in container.matches where Self.connectionKinds.contains(match.kind) {
            guard let host = match.host ?? match.address else { continue }
            let destination = resolver.resolve(host: host, address: match.address)
            var port = match.port
            if port == nil, case .database(let target) = destination.kind { port = target.configuredPort ?? target.port }
            let timestamp = container.events[match.lineIndex].timestamp
            if let index = joins.firstIndex(where: { $0.destination == destination && $0.port == port }) {
                joins[index].matches.append(match)
                joins[index].timestamps.append(timestamp)
                continue
            }
            joins.append(LogJoin(container: container.container, stream: container.stream, matches: [match],
                                 timestamps: [timestamp], port: port, destination: destination,
                                 verdicts: verdicts(to: destination, port: port)))
        }
        return joins
    }

    /// The verdicts of the task's paths to what a log line names: the database's (on the port it listens on), an
    /// interface endpoint's service; none for other destinations.
    private func verdicts(to destination: LogDestination, port: Int?) -> [PathVerdict] {
        switch destination.kind {
        case .database(let target):
            let own = context.verdicts.filter {
                if case .database(let need) = $0.need.destination { return need.identifier == target.identifier }
                return false
            }
            if !own.isEmpty { return own }
            // Another database than the one the task was found to use: walk its path from the app's placements.
            let engine = ReachabilityEngine(facts: context.facts)
            let need = NetworkNeed(.database(target), reasons: ["the container's log names \(destination.host)"])
            return appPlacements.map { engine.verdict(for: need, from: $0) }
        case .interfaceEndpoint(_, let service):
            return context.verdicts.filter { $0.need.name == service }
        default:
            return []
        }
    }

    /// Where the application's own connections start: the task's ENI (every placement on Fargate).
    private var appPlacements: [NetworkPlacement] {
        let subnets = Set(context.verdicts.filter { !$0.need.isAgentSide }.map(\.subnetId))
        let own = context.placements.filter { subnets.contains($0.subnetId) }
        return own.isEmpty ? Array(context.placements.prefix(1)) : own
    }

    /// A port other than the database's (configuration), or a failure over an open path (not the network).
    private func databaseIssues(of join: LogJoin) -> [AfterStartIssue] {
        guard case .database(let target) = join.destination.kind else { return [] }
        let definition = context.taskDefinition?.taskDefinitionArn ?? target.identifier
        if let port = join.port, port != target.port {
            var evidence = join.evidence
            let setting = configuredSetting(naming: target, port: port)
            if let setting {
                evidence.append(Evidence(fact: "environment variable \(setting.name) of container \(setting.container) names \(setting.host):\(port)",
                                         resource: definition, source: "ecs:DescribeTaskDefinition"))
            }
            evidence.append(Evidence(fact: "\(target.identifier) listens on \(target.port)", resource: target.identifier,
                                     source: join.destination.source))
            return [AfterStartIssue(
                check: .databasePortMismatch, resource: definition, related: [target.identifier],
                detail: "container \(join.container) connects to \(join.destination.host):\(port) but \(target.identifier) listens on \(target.port)"
                    + (setting.map { " (\($0.name) names port \(port))" } ?? ""),
                container: join.container, field: setting?.field, evidence: evidence)]
        }
        let reachable = join.verdicts.filter { $0.outcome == .reachable }
        guard !join.verdicts.isEmpty, reachable.count == join.verdicts.count else { return [] }
        let subnets = reachable.map(\.subnetId).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        var evidence = join.evidence
        for verdict in reachable.prefix(1) {
            evidence += verdict.hops.filter { $0.passes == true && !$0.isNote }
                .map { Evidence(fact: $0.detail, resource: $0.resource, source: $0.source) }
        }
        let suspect = join.last.kind == .connectionRefused
            ? "nothing accepted the connection on \(target.port): check that \(target.identifier) is running and listening there"
            : "check \(target.identifier) itself: its status, a failover or restart at that time, its connection limit"
        return [AfterStartIssue(
            check: .databaseTimeoutPathOpen, resource: target.identifier, related: target.securityGroupIds,
            detail: "container \(join.container)'s connection to \(join.destination.host):\(join.port ?? target.port) \(join.failure), yet the network path from \(subnets.joined(separator: ", ")) is open (security groups, network ACLs and routes admit it): \(suspect)",
            container: join.container, evidence: evidence)]
    }

    /// The environment variable of the task definition that names one of the database's hosts with `port`.
    private func configuredSetting(naming target: DatabaseTarget, port: Int) -> (name: String, container: String, host: String, field: String)? {
        for (ci, container) in (context.taskDefinition?.containerDefinitions ?? []).enumerated() {
            for (vi, variable) in (container.environment ?? []).enumerated() {
                guard let name = variable.name, let value = variable.value?.lowercased() else { continue }
                if let host = target.hostNames.first(where: { value.contains("\($0):\(port)") }) {
                    return (name, container.name, host, "containerDefinitions[\(ci)].environment[\(vi)].value")
                }
            }
        }
        return nil
    }

    // MARK: Names that did not resolve

    /// Unknown hosts the facts explain: a name one or two characters off a known one, an RDS name no database has,
    /// a private hosted zone of the VPC without a record for it, or a VPC that resolves no names.
    private func unresolvedHosts(of container: ContainerLines, resolver: LogDestinationResolver) -> [AfterStartIssue] {
        var issues: [AfterStartIssue] = []
        var seen: Set<String> = []
        for match in container.matches.reversed() where match.kind == .unknownHost {
            guard let host = match.host.map(DNSName.normalized), seen.insert(host).inserted else { continue }
            let destination = resolver.resolve(host: host, address: nil)
            guard let (detail, facts) = explanation(of: destination, host: host) else { continue }
            let timestamp = container.events[match.lineIndex].timestamp
            let when = timestamp.map { " at \(LogJoin.time($0))" } ?? ""
            let evidence = [Evidence(fact: "container \(container.container) logged\(when) that \(host) does not resolve: \(match.line)",
                                     resource: container.stream, source: "logs:GetLogEvents")] + facts
            issues.append(AfterStartIssue(check: .hostUnresolvable, resource: host,
                                          detail: "container \(container.container) could not resolve \(host): \(detail)",
                                          container: container.container, evidence: evidence))
        }
        return issues
    }

    private func explanation(of destination: LogDestination, host: String) -> (String, [Evidence])? {
        if let vpcId = context.vpcId, context.facts.vpcDNS[vpcId]?.enableDnsSupport == false {
            return ("\(vpcId) has enableDnsSupport off, so the Amazon DNS server answers no names in it",
                    [Evidence(fact: "enableDnsSupport is false", resource: vpcId, source: "ec2:DescribeVpcAttribute")])
        }
        switch destination.kind {
        case .privateZone(let zone, let domain, let recorded) where !recorded:
            return ("the private hosted zone \(domain) (\(zone)) associated with \(context.vpcId ?? "the VPC") has no record for it, so the VPC's resolver answers NXDOMAIN",
                    [Evidence(fact: "no record set of \(zone) answers \(host)", resource: zone, source: "route53:ListResourceRecordSets")])
        case .unknown:
            let known = knownNames()
            if let (name, owner) = known.map({ ($0, $1) }).min(by: { Self.distance($0.0, host) < Self.distance($1.0, host) }),
               (1...2).contains(Self.distance(name, host)) {
                return ("no resource in the facts has that name; \(name) (\(owner)) differs from it by \(Self.distance(name, host)) character\(Self.distance(name, host) == 1 ? "" : "s"): a typo in the configuration",
                        [Evidence(fact: "\(owner) answers to \(name)", resource: owner, source: "rds:DescribeDBClusters")])
            }
            if host.hasSuffix(".\(context.region).rds.amazonaws.com"), context.facts.dbClusters != nil, context.facts.dbInstances != nil {
                return ("no DB cluster or instance of the facts has that endpoint (deleted, renamed, or in another account or region)",
                        [Evidence(fact: "no DB cluster or instance answers to \(host)", resource: host, source: "rds:DescribeDBClusters")])
            }
            return nil
        default:
            return nil
        }
    }

    /// The names the facts know, with what answers to them: databases' endpoints and interface endpoints' DNS names.
    private func knownNames() -> [(String, String)] {
        let databases = DatabaseDiscovery(facts: context.facts).allDatabases().flatMap { target in
            target.hostNames.map { ($0, target.identifier) }
        }
        let endpoints = (context.facts.vpcEndpoints ?? []).flatMap { endpoint in
            (endpoint.dnsEntries ?? []).compactMap(\.dnsName).map { (DNSName.normalized($0), endpoint.vpcEndpointId) }
        }
        return databases + endpoints
    }

    /// Levenshtein distance, bounded: names of different lengths by more than 2 count as far apart.
    static func distance(_ a: String, _ b: String) -> Int {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard abs(x.count - y.count) <= 2 else { return 3 }
        var previous = Array(0...y.count)
        for i in 1...max(x.count, 1) where !x.isEmpty {
            var current = [i] + Array(repeating: 0, count: y.count)
            for j in 1...max(y.count, 1) where !y.isEmpty {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[y.count]
    }
}
