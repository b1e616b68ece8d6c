import ECSMedic
import FuzzDriver

/// Fuzzes the rule loader: the input is one rule file.
@main
enum FuzzRuleYAML {
    static func main() {
        FuzzDriver.run { input in
            _ = try? RuleLoader().rule(fromYAML: String(decoding: input, as: UTF8.self), file: "fuzz.yaml")
        }
    }
}
