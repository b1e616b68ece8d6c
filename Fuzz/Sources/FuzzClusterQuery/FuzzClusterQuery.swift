@testable import ECSMedic
import FuzzDriver

/// Fuzzes the cluster query language of `memberOf` placement constraints: an expression that parses is evaluated on
/// two container instances (one with every subject an expression can test, one with none of them), and the subjects
/// it tests are read from both, as the capacity check does.
@main
enum FuzzClusterQuery {
    static let instances: [ContainerInstance] = {
        var full = ContainerInstance(containerInstanceArn: "arn:aws:ecs:us-east-1:111122223333:container-instance/demo/0a1b", ec2InstanceId: "i-0a1b2c3d4e5f60718")
        full.attributes = [.init(name: "ecs.instance-type", value: "t3.medium"), .init(name: "ecs.availability-zone", value: "us-east-1a"),
                           .init(name: "ecs.capability.task-eni", value: nil), .init(name: "stack", value: "prod")]
        full.runningTasksCount = 2
        full.agentConnected = true
        full.registeredAt = "2026-12-01T09:12:44.518000+00:00"
        full.versionInfo = .init(agentVersion: "1.89.2")
        return [full, ContainerInstance(containerInstanceArn: "arn:aws:ecs:us-east-1:111122223333:container-instance/demo/9f8e")]
    }()

    static func main() {
        FuzzDriver.run { input in
            let expression = String(decoding: input, as: UTF8.self)
            do {
                let query = try ClusterQueryParser.parse(expression)
                for instance in instances {
                    _ = query.evaluate(instance)
                    for subject in query.subjects { _ = ClusterQuery.value(of: subject, in: instance) }
                }
            } catch {
                _ = String(describing: error)
            }
        }
    }
}
