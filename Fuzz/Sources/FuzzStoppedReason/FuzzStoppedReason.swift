import ECSMedic
import FuzzDriver

/// Fuzzes the stopped-reason classifier: the input is a stopped reason; its second line is taken as the stop code
/// and further lines as container reasons.
@main
enum FuzzStoppedReason {
    static func main() {
        FuzzDriver.run { input in
            let text = String(decoding: input, as: UTF8.self)
            let classifier = StoppedReasonClassifier()
            _ = classifier.classify(text)
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            let containers = lines.dropFirst(2).enumerated().map { index, reason in
                ContainerStop(name: "c\(index)", reason: reason, exitCode: index % 3 == 0 ? nil : index)
            }
            _ = classifier.classify(stopCode: lines.count > 1 ? lines[1] : nil, stoppedReason: lines.first,
                                    containers: containers)
        }
    }
}
