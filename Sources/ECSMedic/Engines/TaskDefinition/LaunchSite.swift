/// Where the tasks of a task definition are placed: the service that places them (its desired count, deployment
/// configuration and subnets), the task that ran, and the platform version they run on.
public struct LaunchSite: Sendable {
    public var service: ECSService?
    public var task: ECSTask?
    /// The platform version asked for (`LATEST`, `1.4.0`), the task's over the service's.
    public var platformVersion: String?

    public init(service: ECSService? = nil, task: ECSTask? = nil, platformVersion: String? = nil) {
        self.service = service
        self.task = task
        self.platformVersion = platformVersion
    }

    /// The awsvpc subnets the service places its tasks in: its primary deployment's, else its own.
    public var serviceSubnets: [String] {
        let deployment = service?.deployments?.first { $0.status == "PRIMARY" }
        return (deployment?.networkConfiguration ?? service?.networkConfiguration)?.awsvpcConfiguration?.subnets ?? []
    }
}
