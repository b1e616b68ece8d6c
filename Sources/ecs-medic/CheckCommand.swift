import ArgumentParser
import ECSMedic

struct CheckCommand: ParsableCommand {
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

    @Option(help: "A snapshot file or a folder of `aws ... --output json` files.")
    var snapshot: String?

    @OptionGroup var report: ReportOptions

    func validate() throws {
        if service != nil && !subnets.isEmpty {
            throw ValidationError("--service and --subnets are exclusive: give one")
        }
        if subnets.isEmpty != securityGroups.isEmpty {
            throw ValidationError("--subnets and --security-groups go together")
        }
    }

    func run() throws {
        let configuration = try report.configuration()
        let rules = try report.ruleSet(configuration)
        let file = try TaskDefinitionFile(path: taskDefinition)
        guard let snapshot else {
            throw InputError("check needs --snapshot PATH: live collection is not part of this build")
        }
        let facts = try FactsDecoder().facts(from: try Snapshot.load(from: snapshot))
        let split = { (values: [String]) in values.flatMap { $0.split(separator: ",").map(String.init) } }
        let network = subnets.isEmpty ? nil : NetworkConfiguration.AwsVpcConfiguration(
            subnets: split(subnets), securityGroups: split(securityGroups),
            assignPublicIp: assignPublicIP ? "ENABLED" : "DISABLED")
        let result = try Diagnoser(rules: rules.rules).check(
            file.definition, in: facts, selecting: TargetSelector(cluster: cluster, service: service), network: network)
        try report.finish(Report(results: [result]), configuration: configuration, rules: rules.rules,
                          taskDefinitionFile: file)
    }
}
