/// Load balancer health checks that cannot pass whatever the grace period: the target group checks a port the
/// container does not serve, a path it has no route for, or expects a status code the path does not answer. The
/// failures come from what AWS returns — `DescribeTargetHealth` reason codes and descriptions, the service's
/// "is unhealthy in (target-group ...)" events, the task's stopped reason — and the container's log says what it
/// listens on and how it answered; the right path is never guessed.
struct TargetHealthAnalysis {
    let context: DiagnosisContext
    let task: ECSTask
    let lines: [AfterStartAnalyzer.ContainerLines]

    /// One sign that the target group's checks failed, with the evidence that shows it.
    struct Failure {
        /// `Target.Timeout`, `Target.FailedHealthChecks`, `Target.ResponseCodeMismatch`, or nil (an event or the
        /// stopped reason gives no code).
        var reason: String?
        /// The status codes the target answered (`Health checks failed with these codes: [404]`).
        var codes: [Int]
        var evidence: Evidence

        /// The checks could not connect, or got no answer in time.
        var isConnectionFailure: Bool {
            codes.isEmpty && reason != nil && reason != "Target.ResponseCodeMismatch"
        }
    }

    func issues() -> [AfterStartIssue] {
        guard let service = context.service else { return [] }
        var issues: [AfterStartIssue] = []
        for balancer in service.loadBalancers ?? [] {
            guard let arn = balancer.targetGroupArn,
                  let group = context.facts.targetGroups?.first(where: { $0.targetGroupArn == arn }),
                  group.healthCheckEnabled != false else { continue }
            let failures = failures(of: group)
            guard !failures.isEmpty else { continue }
            if let issue = portIssue(group, balancer: balancer, service: service, failures: failures) {
                issues.append(issue)
            } else {
                issues += responseIssues(group, balancer: balancer, failures: failures)
            }
        }
        return issues
    }

    // MARK: Failures

    /// What AWS says about the group's failed checks: unhealthy targets, the service's events naming the group,
    /// and the task's stopped reason.
    private func failures(of group: TargetGroup) -> [Failure] {
        let arn = group.targetGroupArn
        let name = group.targetGroupName ?? arn
        var failures: [Failure] = []
        for target in context.facts.targetHealth[arn] ?? [] {
            guard let health = target.targetHealth, health.state?.hasPrefix("unhealthy") == true else { continue }
            let port = target.healthCheckPort.map { " (health check port \($0))" } ?? ""
            let said = [health.reason, health.description].compactMap { $0 }.joined(separator: ": ")
            failures.append(Failure(
                reason: health.reason, codes: Self.codes(in: health.description ?? ""),
                evidence: Evidence(fact: "target \(target.target.id):\(target.target.port.map(String.init) ?? "?")\(port) of \(name) is \(health.state ?? "unhealthy"): \(said)",
                                   resource: arn, source: "elbv2:DescribeTargetHealth")))
        }
        for event in context.service?.events ?? [] {
            let meaning = event.meaning
            guard meaning.kind == .unhealthyInTargetGroup, meaning.targetGroupArn == arn else { continue }
            let reason = meaning.reason ?? ""
            let codes = Self.codes(in: reason)
            let lowered = reason.lowercased()
            let code: String? = !codes.isEmpty ? "Target.ResponseCodeMismatch"
                : lowered.contains("timed out") ? "Target.Timeout"
                : lowered.contains("health checks failed") ? "Target.FailedHealthChecks" : nil
            failures.append(Failure(
                reason: code, codes: codes,
                evidence: Evidence(fact: "service event at \(event.createdAt ?? "?"): \(event.message ?? "")",
                                   resource: context.service?.serviceArn ?? context.service?.serviceName ?? arn,
                                   source: "ecs:DescribeServices")))
        }
        if let reason = task.stoppedReason, reason.lowercased().contains("failed elb health checks"),
           reason.contains(arn) || !reason.contains("arn:") {
            failures.append(Failure(reason: nil, codes: [],
                                    evidence: Evidence(fact: "the task was stopped: \(reason)", resource: task.taskArn,
                                                       source: "ecs:DescribeTasks")))
        }
        return failures
    }

    /// The status codes of an ELB description: `Health checks failed with these codes: [404]`, `[301, 302]`.
    static func codes(in text: String) -> [Int] {
        guard let range = text.range(of: "codes: [") else { return [] }
        let list = text[range.upperBound...].prefix { $0 != "]" }
        return list.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
    }

    // MARK: Port

    /// The health check port is not one the container serves: an explicit port that no port mapping of the
    /// container declares (and, in awsvpc mode, that its log does not say it listens on either, or that the checks
    /// reach and are refused on), or the traffic port while the log says the application listens elsewhere.
    private func portIssue(_ group: TargetGroup, balancer: ECSService.LoadBalancer, service: ECSService,
                           failures: [Failure]) -> AfterStartIssue? {
        guard let containerName = balancer.containerName, let definition = context.taskDefinition,
              let index = definition.containerDefinitions.firstIndex(where: { $0.name == containerName }) else { return nil }
        let container = definition.containerDefinitions[index]
        let bridge = (definition.networkMode ?? (definition.requiresFargate ? "awsvpc" : "bridge")) == "bridge"
        let mapped = (container.portMappings ?? []).compactMap { bridge ? $0.hostPort.flatMap { $0 == 0 ? nil : $0 } : $0.containerPort }
        let explicit = group.healthCheckPort.flatMap { Int($0) }
        guard let port = explicit ?? balancer.containerPort else { return nil }
        let log = lines.first { $0.container == containerName }
        let listening = (log?.matches ?? []).filter { $0.kind == .ready && $0.port != nil }
        let listeningPorts = Set(listening.compactMap(\.port))
        // A failure the checks themselves report (not a code mismatch: something answered on the port).
        guard !failures.contains(where: { !$0.codes.isEmpty }) else { return nil }
        let name = group.targetGroupName ?? group.targetGroupArn
        var evidence: [Evidence] = []
        var detail: String
        var proposed: String? = nil
        if let explicit, !mapped.contains(explicit) {
            let logSaysElsewhere = !listeningPorts.isEmpty && !listeningPorts.contains(explicit)
            let reachedAndRefused = failures.contains(where: \.isConnectionFailure) && pathReachable(to: group.targetGroupArn)
            guard bridge || logSaysElsewhere || reachedAndRefused else { return nil }
            let ports = mapped.map(String.init).joined(separator: ", ")
            detail = "target group \(name) checks port \(explicit), but container \(containerName) maps only \(ports.isEmpty ? "no port" : "port \(ports)")"
            if let traffic = balancer.containerPort, listeningPorts.isEmpty || listeningPorts.contains(traffic) {
                proposed = "traffic-port"
                detail += ": check the traffic port \(traffic) instead"
            }
        } else if explicit == nil || mapped.contains(port), !listeningPorts.isEmpty, !listeningPorts.contains(port) {
            let elsewhere = listeningPorts.sorted().map(String.init).joined(separator: ", ")
            detail = "target group \(name) checks port \(port) (\(explicit == nil ? "the traffic port" : "a mapped port")) of container \(containerName), but the application listens on \(elsewhere): make it listen on \(port), or map \(elsewhere) (a new task definition revision and the service's load balancer containerPort)"
        } else {
            return nil
        }
        evidence.append(Evidence(fact: "\(name) checks \(group.healthCheckProtocol ?? "HTTP") port \(group.healthCheckPort ?? "traffic-port")\(explicit == nil ? " (\(port))" : "") path \(group.healthCheckPath ?? "/")",
                                 resource: group.targetGroupArn, source: "elbv2:DescribeTargetGroups"))
        evidence.append(Evidence(fact: "container \(containerName) maps \((container.portMappings ?? []).map { "\($0.containerPort.map(String.init) ?? "?")/\($0.protocol ?? "tcp")" }.joined(separator: ", ").ifEmpty("no ports")); the service registers it on \(balancer.containerPort.map(String.init) ?? "?")",
                                 resource: definition.taskDefinitionArn ?? containerName, source: "ecs:DescribeTaskDefinition"))
        if let log {
            for match in listening.prefix(2) {
                evidence.append(Evidence(fact: "container \(containerName) logged\(log.events[match.lineIndex].timestamp.map { " at \(LogJoin.time($0))" } ?? ""): \(match.line)",
                                         resource: log.stream, source: "logs:GetLogEvents"))
            }
        }
        evidence += failures.prefix(3).map(\.evidence)
        return AfterStartIssue(
            check: .healthCheckPort, resource: group.targetGroupArn, related: [context.service?.serviceArn ?? service.serviceName],
            detail: detail, container: containerName, evidence: evidence,
            targetGroup: proposed.map { TargetGroupHealthCheck(targetGroupArn: group.targetGroupArn, name: name,
                                                               port: $0, previousPort: group.healthCheckPort ?? "traffic-port") })
    }

    /// Whether every network verdict of the load balancer's checks to this group's targets is reachable.
    private func pathReachable(to arn: String) -> Bool {
        let verdicts = context.verdicts.filter {
            if case .loadBalancer(let target) = $0.need.destination { return target.targetGroupArn == arn }
            return false
        }
        return !verdicts.isEmpty && verdicts.allSatisfy { $0.outcome == .reachable }
    }

    // MARK: Path and matcher

    /// The codes the target answered that the matcher does not accept: 404 (and a log saying the path has no
    /// route) is a path the application does not serve; another 2xx or 3xx a matcher that is too narrow. 5xx is
    /// the application saying it is unhealthy, which neither setting fixes.
    private func responseIssues(_ group: TargetGroup, balancer: ECSService.LoadBalancer, failures: [Failure]) -> [AfterStartIssue] {
        let matcher = group.matcher?.httpCode ?? "200"
        let path = group.healthCheckPath ?? "/"
        let answered = failures.flatMap(\.codes).reduce(into: [Int]()) { if !$0.contains($1) { $0.append($1) } }
        let rejected = answered.filter { !Self.matcher(matcher, accepts: $0) }
        let name = group.targetGroupName ?? group.targetGroupArn
        let containerName = balancer.containerName
        let log = lines.first { containerName == nil || $0.container == containerName }
        let said = (log?.matches ?? []).filter { match in
            guard let matched = match.name, Self.samePath(matched, path) else { return false }
            return match.kind == .routeNotFound || (match.kind == .httpAccess && match.status.map { !Self.matcher(matcher, accepts: $0) } == true)
        }
        let setting = Evidence(fact: "\(name) checks \(group.healthCheckProtocol ?? "HTTP") GET \(path) on port \(group.healthCheckPort ?? "traffic-port") and accepts HTTP \(matcher)",
                               resource: group.targetGroupArn, source: "elbv2:DescribeTargetGroups")
        let logged = log.map { log in
            said.suffix(2).map { match in
                Evidence(fact: "container \(log.container) logged\(log.events[match.lineIndex].timestamp.map { " at \(LogJoin.time($0))" } ?? ""): \(match.line)",
                         resource: log.stream, source: "logs:GetLogEvents")
            }
        } ?? []
        let codeFailures = failures.filter { !$0.codes.isEmpty }.prefix(2).map(\.evidence)
        var issues: [AfterStartIssue] = []
        let notFound = rejected.contains(404) || said.contains { $0.kind == .routeNotFound || $0.status == 404 }
        if notFound, rejected.contains(404) || !rejected.contains(where: { $0 >= 500 }) {
            var detail = "target group \(name) checks \(path), and the target answered 404 Not Found"
            if let match = said.last, let container = log?.container {
                detail += match.kind == .routeNotFound
                    ? "; container \(container) logged that it has no route for \(path)"
                    : "; container \(container) logged \(path) answered \(match.status.map(String.init) ?? "404")"
            }
            var proposed: String? = nil
            if let served = servedHealthPath(in: log, matcher: matcher, besides: path) {
                proposed = served.path
                detail += ", while \(served.path) answered \(served.status) in the same log: check \(served.path)"
            } else {
                detail += ": set the health check path to the one the application serves its health on (its log does not show which)"
            }
            issues.append(AfterStartIssue(
                check: .healthCheckPath, resource: group.targetGroupArn, related: [context.service?.serviceArn].compactMap { $0 },
                detail: detail, container: log?.container ?? containerName, evidence: [setting] + codeFailures + logged,
                targetGroup: proposed.map { TargetGroupHealthCheck(targetGroupArn: group.targetGroupArn, name: name, path: $0,
                                                                   previousPath: path) }))
            return issues
        }
        let narrow = rejected.filter { (200...399).contains($0) }
        guard !narrow.isEmpty else { return issues }
        let codes = narrow.map(String.init).joined(separator: ", ")
        var detail = "target group \(name) accepts HTTP \(matcher) from \(path), but the target answered \(codes)"
        var proposed: String? = nil
        let success = narrow.filter { $0 < 300 }
        if !success.isEmpty {
            proposed = ([matcher] + success.map(String.init)).joined(separator: ",")
            detail += ": a success the matcher does not list; accept it (matcher \(proposed!))"
        } else {
            detail += ": the path redirects (to HTTPS, a trailing slash or a login page); check the path it redirects to, which answers without a redirect"
        }
        issues.append(AfterStartIssue(
            check: .healthCheckMatcher, resource: group.targetGroupArn, related: [context.service?.serviceArn].compactMap { $0 },
            detail: detail, container: log?.container ?? containerName, evidence: [setting] + codeFailures + logged,
            targetGroup: proposed.map { TargetGroupHealthCheck(targetGroupArn: group.targetGroupArn, name: name, matcher: $0,
                                                               previousMatcher: matcher) }))
        return issues
    }

    /// A health-like path (health, ready, live, ping, status) the container's access log shows answering a code
    /// the matcher accepts: evidence of the path to check instead.
    private func servedHealthPath(in log: AfterStartAnalyzer.ContainerLines?, matcher: String, besides path: String) -> (path: String, status: Int)? {
        for match in (log?.matches ?? []).reversed() where match.kind == .httpAccess {
            guard let served = match.name, let status = match.status, !Self.samePath(served, path),
                  Self.matcher(matcher, accepts: status) else { continue }
            let lowered = served.lowercased()
            if ["health", "ready", "live", "ping", "status"].contains(where: lowered.contains) { return (served, status) }
        }
        return nil
    }

    /// Whether two request paths are the same, ignoring a trailing slash and a missing leading one (Spring's
    /// "No static resource health." names the resource without it).
    static func samePath(_ a: String, _ b: String) -> Bool {
        func normalized(_ path: String) -> String {
            var text = path.hasPrefix("/") ? path : "/" + path
            while text.count > 1, text.hasSuffix("/") { text.removeLast() }
            return text
        }
        return normalized(a) == normalized(b)
    }

    /// Whether an ELB matcher (`200`, `200-299`, `200,302`) accepts `code`.
    static func matcher(_ matcher: String, accepts code: Int) -> Bool {
        matcher.split(separator: ",").contains { part in
            let bounds = part.split(separator: "-").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
            if bounds.count == 2 { return (bounds[0]...max(bounds[0], bounds[1])).contains(code) }
            return bounds.first == code
        }
    }
}

private extension String {
    func ifEmpty(_ replacement: String) -> String { isEmpty ? replacement : self }
}
