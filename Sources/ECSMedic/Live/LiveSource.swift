import AWSClient
import Foundation

/// Collects, through the AWS APIs, exactly the facts the doctor reads for one service or task: each resource once,
/// independent calls in parallel, following the dependency chain (task → task definition / service / subnets →
/// VPC, route tables, endpoints, security groups, NACLs, DNS, roles, secrets, keys, the database → policy versions,
/// key policies), filtered by VPC rather than listing everything. Read-only: it never reads a secret's value.
public struct LiveSource: Sendable {
    let client: AWSClient

    public init(client: AWSClient) {
        self.client = client
    }

    /// The calls made, as a snapshot (design.md §7 file form), and how many calls each dependent round made.
    /// `logs` bounds the reading of the containers' logs; nil reads none (`--no-logs`).
    public func collect(_ selector: TargetSelector, logs: LogReadingLimits? = .standard) async throws -> (snapshot: Snapshot, rounds: [Int]) {
        let recorder = CallRecorder(client: client)
        let cluster = selector.cluster ?? "default"
        let region = client.configuration.region

        await recorder.beginRound()
        async let identity = recorder.call(OperationCatalog.getCallerIdentity)
        let (services, tasks) = try await ecsTargets(selector, cluster: cluster, recorder)
        let account = try await identity?.first?["Account"]?.stringValue

        await recorder.beginRound()
        let definitions = Self.taskDefinitions(of: tasks, services)
        let afterStart = AfterStartPlanner(logs: logs)
        var targetFacts = try FactsDecoder().facts(from: Snapshot(region: region, calls: await recorder.calls))
        let pages = try await recorder.parallel(definitions.prefix(3).map { definition in
            (OperationCatalog.describeTaskDefinition, ["taskDefinition": .string(definition)])
        } + afterStart.roundTwo(clusters: [cluster], services: targetFacts.services ?? []))
        let taskDefinitions = pages.flatMap { ($0 ?? []).compactMap { $0["taskDefinition"] } }
        targetFacts = try FactsDecoder().facts(from: Snapshot(region: region, calls: await recorder.calls))
        // A selector the facts cannot satisfy is reported by the diagnosis; here it only means no logs to read.
        let target = (try? Diagnoser.select(selector, in: targetFacts)).map { [(service: $0.0, task: $0.1)] } ?? []

        let subnetIds = Set(tasks.flatMap(Self.subnets(ofTask:)) + services.flatMap(Self.subnets(ofService:))).sorted()
        var plan = RoundPlanner(taskDefinitions: taskDefinitions)
        plan.capacity = Self.capacity(targetFacts, cluster: cluster)
        let targetGroups = Set(services.flatMap { ($0["loadBalancers"]?.arrayValue ?? []).compactMap { $0["targetGroupArn"]?.stringValue } }).sorted()
        let afterStartCalls = afterStart.roundThree(targetFacts, targets: target, now: Date().timeIntervalSince1970)
        try await plan.collect(subnets: subnetIds, containerInstances: [cluster: Self.containerInstances(tasks)].filter { !$0.value.isEmpty },
                               targetGroups: targetGroups, serviceLinkedRoleShown: Self.showServiceLinkedRole(services),
                               afterStart: afterStartCalls, recorder: recorder)
        let calls = await recorder.calls
        let rounds = await recorder.rounds
        let snapshot = Snapshot(region: region, account: account, capturedAt: ISO8601DateFormatter().string(from: Date()),
                                calls: SnapshotRedactor().redact(calls))
        return (snapshot, rounds)
    }

    /// The services and tasks the selector names: `--task`; `--service` and its stopped (else running) tasks;
    /// neither: the cluster's only service.
    private func ecsTargets(_ selector: TargetSelector, cluster: String, _ recorder: CallRecorder) async throws
        -> (services: [JSONValue], tasks: [JSONValue]) {
        var serviceName = selector.service
        if let task = selector.task {
            let described = try await recorder.call(OperationCatalog.describeTasks, ["cluster": .string(cluster), "tasks": [.string(task)]])
            let tasks = (described ?? []).flatMap { $0["tasks"]?.arrayValue ?? [] }
            let group = tasks.first?["group"]?.stringValue
            guard let group, group.hasPrefix("service:") else { return ([], tasks) }
            let services = try await recorder.call(OperationCatalog.describeServices,
                                                   ["cluster": .string(cluster), "services": [.string(String(group.dropFirst(8)))]])
            return ((services ?? []).flatMap { $0["services"]?.arrayValue ?? [] }, tasks)
        }
        if serviceName == nil {
            let listed = try await recorder.call(OperationCatalog.listServices, ["cluster": .string(cluster)])
            let arns = (listed ?? []).flatMap { $0["serviceArns"]?.arrayValue ?? [] }.compactMap(\.stringValue)
            guard arns.count == 1 else {
                if listed == nil { return ([], []) }
                throw InputError(arns.isEmpty ? "cluster \(cluster) has no services: name a task with --task"
                    : "cluster \(cluster) has several services: choose one with --service (\(arns.map { $0.split(separator: "/").last.map(String.init) ?? $0 }.joined(separator: ", ")))")
            }
            serviceName = arns[0]
        }
        guard let serviceName else { return ([], []) }
        async let describedServices = recorder.call(OperationCatalog.describeServices,
                                                    ["cluster": .string(cluster), "services": [.string(serviceName)]])
        var taskArns: [String] = []
        for status in ["STOPPED", "RUNNING"] where taskArns.isEmpty {
            let listed = try await recorder.call(OperationCatalog.listTasks, ["cluster": .string(cluster),
                                                                      "serviceName": .string(serviceName),
                                                                      "desiredStatus": .string(status)])
            // An unanswered STOPPED listing is not "no stopped task": diagnosing a running one instead would be wrong.
            guard let listed else { break }
            taskArns = listed.flatMap { $0["taskArns"]?.arrayValue ?? [] }.compactMap(\.stringValue)
        }
        var tasks: [JSONValue] = []
        if !taskArns.isEmpty {
            let described = try await recorder.call(OperationCatalog.describeTasks, ["cluster": .string(cluster),
                                                                             "tasks": .array(taskArns.prefix(100).map(JSONValue.string))])
            tasks = (described ?? []).flatMap { $0["tasks"]?.arrayValue ?? [] }
        }
        let services = try await describedServices
        return ((services ?? []).flatMap { $0["services"]?.arrayValue ?? [] }, tasks)
    }

    /// The task definitions the tasks ran and the services' deployments name, each once, sorted.
    static func taskDefinitions(of tasks: [JSONValue], _ services: [JSONValue]) -> [String] {
        Set(tasks.compactMap { $0["taskDefinitionArn"]?.stringValue }
            + services.flatMap { service in
                (service["deployments"]?.arrayValue ?? []).compactMap { $0["taskDefinition"]?.stringValue }
                    + [service["taskDefinition"]?.stringValue].compactMap { $0 }
            }).sorted()
    }

    static func subnets(ofTask task: JSONValue) -> [String] {
        (task["attachments"]?.arrayValue ?? []).flatMap { attachment in
            (attachment["details"]?.arrayValue ?? []).filter { $0["name"]?.stringValue == "subnetId" }.compactMap { $0["value"]?.stringValue }
        }
    }

    static func subnets(ofService service: JSONValue) -> [String] {
        let configurations = [service["networkConfiguration"]] + (service["deployments"]?.arrayValue ?? []).map { $0["networkConfiguration"] }
        return configurations.flatMap { $0?["awsvpcConfiguration"]?["subnets"]?.arrayValue ?? [] }.compactMap(\.stringValue)
    }

    /// Whether a service's `roleArn` names the ECS service-linked role (which then exists: IAM keeps it while an
    /// ECS cluster exists).
    static func showServiceLinkedRole(_ services: [JSONValue]) -> Bool {
        services.contains { $0["roleArn"]?.stringValue?.hasSuffix("/" + LaunchInspector.serviceLinkedRoleName) == true }
    }

    /// The cluster, with the EC2 capacity providers of its services, when they (or the task) run on container
    /// instances (`CapacityInspector.ec2Providers`); empty otherwise.
    static func capacity(_ facts: Facts, cluster: String) -> [String: [String]] {
        let inspector = CapacityInspector(facts: facts)
        let sites = (facts.services ?? []).map { LaunchSite(service: $0) } + (facts.services?.isEmpty ?? true ? (facts.tasks ?? []).map { LaunchSite(task: $0) } : [])
        let providers = sites.compactMap(inspector.ec2Providers)
        return providers.isEmpty ? [:] : [cluster: Array(Set(providers.joined())).sorted()]
    }

    static func containerInstances(_ tasks: [JSONValue]) -> [String] {
        Array(Set(tasks.compactMap { $0["containerInstanceArn"]?.stringValue })).sorted()
    }
}
