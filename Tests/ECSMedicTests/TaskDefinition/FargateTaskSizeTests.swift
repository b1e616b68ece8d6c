@testable import ECSMedic
import Testing

/// The Fargate size table of the Amazon ECS Developer Guide ("Task CPU and memory", and the
/// RegisterTaskDefinition `cpu`/`memory` reference).
@Suite struct FargateTaskSizeTests {
    @Test(arguments: [
        ("256", "512"), ("256", "2048"), ("512", "1024"), ("512", "4096"), ("1024", "2048"), ("1024", "8192"),
        ("2048", "4096"), ("2048", "16384"), ("4096", "8192"), ("4096", "30720"), ("8192", "16384"), ("8192", "61440"),
        ("16384", "32768"), ("16384", "122880"), ("1 vCPU", "2 GB"), ("0.25 vcpu", "0.5GB"), ("8 vCPU", "60 GB"),
    ])
    func linuxAcceptsTheDocumentedSizes(cpu: String, memory: String) {
        #expect(FargateTaskSize.problem(cpu: cpu, memory: memory, windows: false) == nil)
    }

    @Test(arguments: [
        ("256", "4096"), ("512", "512"), ("512", "5120"), ("1024", "1024"), ("1024", "9216"), ("2048", "3072"),
        ("4096", "31744"), ("8192", "18432"), ("8192", "65536"), ("16384", "36864"), ("16384", "131072"),
        ("128", "512"), ("3072", "8192"), ("32768", "131072"),
    ])
    func linuxRejectsEverythingElse(cpu: String, memory: String) {
        #expect(FargateTaskSize.problem(cpu: cpu, memory: memory, windows: false) != nil)
    }

    @Test func windowsOffersOneToFourVCPUOnly() {
        #expect(FargateTaskSize.problem(cpu: "1024", memory: "2048", windows: true) == nil)
        #expect(FargateTaskSize.problem(cpu: "4096", memory: "30720", windows: true) == nil)
        #expect(FargateTaskSize.problem(cpu: "512", memory: "1024", windows: true)
                == "Fargate offers no 512 CPU units for Windows tasks (cpu: 1024, 2048, 4096)")
        #expect(FargateTaskSize.problem(cpu: "8192", memory: "16384", windows: true) != nil)
    }

    @Test func theProblemSaysWhatWouldBeAccepted() {
        #expect(FargateTaskSize.problem(cpu: "512", memory: "512", windows: false)
                == "Fargate offers 512 CPU units with 1024 to 4096 in steps of 1024 MiB of memory, not 512")
        #expect(FargateTaskSize.problem(cpu: nil, memory: "512", windows: false) == "Fargate needs a task-level cpu and none is set")
        #expect(FargateTaskSize.problem(cpu: "512", memory: "lots", windows: false) == "memory \"lots\" is not a number of MiB or GB")
    }
}
