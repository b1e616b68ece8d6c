/// The runtime settings that size a heap, read from a container's environment, and the one ecs-medic proposes: the
/// JVM's `-XX:MaxRAMPercentage` in `JAVA_TOOL_OPTIONS` (every JVM reads it), Node's `--max-old-space-size` in
/// `NODE_OPTIONS`; both at 75% of the container's memory limit, the rest left to everything else the process holds.
enum HeapFlags {
    /// The share of the memory limit proposed for the heap.
    static let share = 75

    /// The variables each runtime reads its options from, the one ecs-medic sets first.
    static func variables(_ runtime: String) -> [String] {
        switch runtime {
        case "jvm": return ["JAVA_TOOL_OPTIONS", "JAVA_OPTS", "_JAVA_OPTIONS"]
        case "node": return ["NODE_OPTIONS"]
        default: return []
        }
    }

    static func runtimeName(_ runtime: String) -> String {
        switch runtime {
        case "jvm": return "JVM"
        case "node": return "Node.js runtime"
        default: return runtime
        }
    }

    /// The first of the runtime's option variables the container sets.
    static func options(of container: TaskDefinition.ContainerDefinition, runtime: String) -> (name: String, value: String)? {
        for name in variables(runtime) {
            if let value = container.environment?.first(where: { $0.name == name })?.value { return (name, value) }
        }
        return nil
    }

    /// `-Xmx480m` (or `-Xmx1g`, `-XX:MaxHeapSize=...`) in the container's JVM options, MiB.
    static func maximumHeapMiB(of container: TaskDefinition.ContainerDefinition) -> Int? {
        guard let value = options(of: container, runtime: "jvm")?.value else { return nil }
        for token in value.split(separator: " ") {
            let text = token.hasPrefix("-Xmx") ? token.dropFirst(4) : token.hasPrefix("-XX:MaxHeapSize=") ? token.dropFirst(16) : nil
            guard let size = text?.lowercased() else { continue }
            let scale = size.hasSuffix("g") ? 1024.0 : size.hasSuffix("m") ? 1.0 : size.hasSuffix("k") ? 1.0 / 1024 : 1.0 / 1_048_576
            let digits = size.last?.isLetter == true ? size.dropLast() : Substring(size)
            if let number = Double(digits) { return Int(number * scale) }
        }
        return nil
    }

    /// Why the heap is smaller than the container, in one clause.
    static func cause(of container: TaskDefinition.ContainerDefinition, runtime: String, limitMiB: Int) -> String {
        switch runtime {
        case "jvm":
            if let heap = maximumHeapMiB(of: container) { return "-Xmx caps its heap at \(heap) MiB" }
            if let value = options(of: container, runtime: runtime)?.value, let percent = percentage(in: value) {
                return "-XX:MaxRAMPercentage=\(percent) gives its heap \(Int(Double(limitMiB) * percent / 100)) MiB"
            }
            return "without -Xmx or -XX:MaxRAMPercentage the JVM takes 25% of the container's memory for its heap, \(limitMiB / 4) MiB"
        case "node":
            return "V8 sizes its old space from its own defaults, not from the container's limit"
        default:
            return "the runtime's own memory limit is below the container's"
        }
    }

    /// The setting that gives the heap `share`% of the limit: the option variable, its new value (the existing
    /// options kept, any heap size replaced) and the heap it gives (MiB). Nil for a runtime without such a flag.
    static func setting(for container: TaskDefinition.ContainerDefinition, runtime: String, limitMiB: Int) -> (name: String, value: String, heapMiB: Int)? {
        let existing = options(of: container, runtime: runtime)
        let heap = limitMiB * share / 100
        let tokens = (existing?.value ?? "").split(separator: " ").map(String.init)
        switch runtime {
        case "jvm":
            let kept = tokens.filter { !$0.hasPrefix("-Xmx") && !$0.hasPrefix("-XX:MaxHeapSize=") && !$0.hasPrefix("-XX:MaxRAMPercentage=") }
            return (existing?.name ?? "JAVA_TOOL_OPTIONS", (kept + ["-XX:MaxRAMPercentage=\(share).0"]).joined(separator: " "), heap)
        case "node":
            let kept = tokens.filter { !$0.hasPrefix("--max-old-space-size") }
            return ("NODE_OPTIONS", (kept + ["--max-old-space-size=\(heap)"]).joined(separator: " "), heap)
        default:
            return nil
        }
    }

    private static func percentage(in value: String) -> Double? {
        value.split(separator: " ").first { $0.hasPrefix("-XX:MaxRAMPercentage=") }
            .flatMap { Double($0.dropFirst("-XX:MaxRAMPercentage=".count)) }
    }
}
