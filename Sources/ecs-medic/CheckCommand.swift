import ArgumentParser
import ECSMedic

struct CheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Before a deploy: report everything that would stop a task definition's tasks from starting.")

    @Argument(help: "The task definition file (register-task-definition input, or describe-task-definition output).")
    var taskDefinition: String

    @Option(help: "The cluster of --service (default: the one the snapshot holds).")
    var cluster: String?

    @Option(help: "Check the task definition where this service runs its tasks.")
    var service: String?

    @Option(parsing: .upToNextOption, help: "Check it in these subnets (with --security-groups).")
    var subnets: [String] = []

    @Option(name: .customLong("security-groups"), parsing: .upToNextOption, help: "The task's security groups (with --subnets).")
    var securityGroups: [String] = []

    @Flag(name: .customLong("assign-public-ip"), help: "With --subnets: the task gets a public IP.")
    var assignPublicIP = false

    @Option(help: "A snapshot file or a folder of `aws ... --output json` files (default: ask AWS, read-only, with --service).")
    var snapshot: String?

    @OptionGroup var report: ReportOptions

    @OptionGroup var aws: AWSOptions

    func validate() throws {
        if service != nil && !subnets.isEmpty {
            throw ValidationError("--service and --subnets are exclusive: give one")
        }
        if subnets.isEmpty != securityGroups.isEmpty {
            throw ValidationError("--subnets and --security-groups go together")
        }
    }

    func run() async throws {
        let configuration = try report.configuration()
        let rules = try report.ruleSet(configuration)
        let file = try TaskDefinitionFile(path: taskDefinition)
        if snapshot == nil && service == nil {
            throw InputError("check without --snapshot asks AWS about a service: give --service (live collection from --subnets alone is not supported)")
        }
        let selector = TargetSelector(cluster: cluster, service: service)
        let collected = try await FactCollection.snapshot(snapshot, selector: selector, aws: aws, logs: nil)
        let facts = try FactsDecoder().facts(from: collected)
        let split = { (values: [String]) in values.flatMap { $0.split(separator: ",").map(String.init) } }
        let network = subnets.isEmpty ? nil : NetworkConfiguration.AwsVpcConfiguration(
            subnets: split(subnets), securityGroups: split(securityGroups),
            assignPublicIp: assignPublicIP ? "ENABLED" : "DISABLED")
        let result = try Diagnoser(rules: rules.rules).check(
            file.definition, document: file.document, in: facts, selecting: selector, network: network)
        try report.finish(Report(results: [result], unreadFiles: collected.unreadFiles), configuration: configuration, rules: rules.rules,
                          taskDefinitionFile: file)
    }
}
