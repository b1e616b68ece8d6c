/// The task sizes Fargate accepts (Amazon ECS Developer Guide, "Task CPU and memory"): per CPU value, the memory
/// values allowed and the operating systems that offer it.
public struct FargateTaskSize: Sendable, Equatable {
    public var cpu: Int
    public var memory: [Int]
    public var windows: Bool

    /// The documented table: 0.25 to 16 vCPU; Windows from 1 to 4 vCPU; 8 and 16 vCPU need Linux platform 1.4.0+.
    public static let table: [FargateTaskSize] = [
        FargateTaskSize(cpu: 256, memory: [512, 1024, 2048], windows: false),
        FargateTaskSize(cpu: 512, memory: Array(stride(from: 1024, through: 4096, by: 1024)), windows: false),
        FargateTaskSize(cpu: 1024, memory: Array(stride(from: 2048, through: 8192, by: 1024)), windows: true),
        FargateTaskSize(cpu: 2048, memory: Array(stride(from: 4096, through: 16384, by: 1024)), windows: true),
        FargateTaskSize(cpu: 4096, memory: Array(stride(from: 8192, through: 30720, by: 1024)), windows: true),
        FargateTaskSize(cpu: 8192, memory: Array(stride(from: 16384, through: 61440, by: 4096)), windows: false),
        FargateTaskSize(cpu: 16384, memory: Array(stride(from: 32768, through: 122880, by: 8192)), windows: false),
    ]

    /// Why Fargate rejects this CPU/memory pair, or nil when it accepts it. Values are as a task definition holds
    /// them: CPU units or `1 vCPU`, MiB or `2 GB`.
    public static func problem(cpu cpuText: String?, memory memoryText: String?, windows: Bool) -> String? {
        guard let cpuText else { return "Fargate needs a task-level cpu and none is set" }
        guard let memoryText else { return "Fargate needs a task-level memory and none is set" }
        guard let cpu = units(cpuText, unit: "vcpu", scale: 1024) else { return "cpu \"\(cpuText)\" is not a number of CPU units or vCPUs" }
        guard let memory = units(memoryText, unit: "gb", scale: 1024) else { return "memory \"\(memoryText)\" is not a number of MiB or GB" }
        let system = windows ? "Windows" : "Linux"
        guard let size = table.first(where: { $0.cpu == cpu }), !windows || size.windows else {
            let offered = table.filter { !windows || $0.windows }.map { String($0.cpu) }.joined(separator: ", ")
            return "Fargate offers no \(cpu) CPU units for \(system) tasks (cpu: \(offered))"
        }
        guard size.memory.contains(memory) else {
            return "Fargate offers \(cpu) CPU units with \(describe(size.memory)) MiB of memory, not \(memory)"
        }
        return nil
    }

    /// `1024`, `1 vCPU`, `0.25 vcpu`, `2 GB`, `2GB` as whole units (CPU units or MiB).
    static func units(_ text: String, unit: String, scale: Double) -> Int? {
        let folded = text.lowercased().replacingOccurrences(of: " ", with: "")
        if let value = Int(folded) { return value }
        guard folded.hasSuffix(unit), let value = Double(folded.dropLast(unit.count)) else { return nil }
        let scaled = value * scale
        return scaled == scaled.rounded() ? Int(scaled) : nil
    }

    private static func describe(_ memory: [Int]) -> String {
        guard let first = memory.first, let last = memory.last else { return "no" }
        if memory.count <= 3 { return memory.map(String.init).joined(separator: ", ") }
        return "\(first) to \(last) in steps of \(memory[1] - first)"
    }
}
