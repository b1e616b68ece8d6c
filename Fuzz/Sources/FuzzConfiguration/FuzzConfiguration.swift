import ECSMedic
import FuzzDriver

/// Fuzzes the configuration loader: the input is an `.ecs-medic.yaml` file.
@main
enum FuzzConfiguration {
    static func main() {
        FuzzDriver.run { input in
            _ = try? Configuration.parse(yaml: String(decoding: input, as: UTF8.self), file: ".ecs-medic.yaml")
        }
    }
}
