import ArgumentParser
import ECSMedic

/// The selectors of design.md §3 shared by the commands that look at one service or task.
struct TargetOptions: ParsableArguments {
    @Option(help: "The cluster (default: the one the snapshot holds, else `default`).")
    var cluster: String?

    @Option(help: "The service: its newest stopped task, or the service itself when none is left.")
    var service: String?

    @Option(help: "The task (id or ARN).")
    var task: String?

    func validate() throws {
        if service != nil && task != nil {
            throw ValidationError("--service and --task are exclusive: give one")
        }
    }

    func selector(database: String? = nil) -> TargetSelector {
        TargetSelector(cluster: cluster, service: service, task: task, database: database)
    }
}
