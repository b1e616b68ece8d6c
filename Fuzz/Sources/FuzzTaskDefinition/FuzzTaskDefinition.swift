@testable import ECSMedic
import Foundation
import FuzzDriver

/// Fuzzes the task definition file of `ecs-medic check`: one that loads runs every task definition check (with no
/// facts) and looks up the line of each field a check points at.
@main
enum FuzzTaskDefinition {
    static func main() {
        FuzzDriver.run { input in
            guard let file = try? TaskDefinitionFile(data: Data(input), path: "fuzz.json") else { return }
            let inspector = TaskDefinitionInspector(facts: Facts(), region: "us-east-1")
            for check in TaskDefinitionCheck.allCases {
                for onFargate in [true, false] {
                    for issue in inspector.inspect(file.definition, check: check, onFargate: onFargate).issues {
                        _ = file.line(of: issue.field)
                    }
                }
            }
            _ = file.line(of: "containerDefinitions[0].secrets[1].valueFrom")
        }
    }
}
