// swift-tools-version: 6.1
import PackageDescription

// Benchmarks live in their own package so that the main build never builds benchmark tooling.
// Run: cd Benchmarks && swift package benchmark
let package = Package(
    name: "ecs-medic-benchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "ecs-medic", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "ReachabilityBenchmark",
            dependencies: [
                .product(name: "ECSMedic", package: "ecs-medic"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/ReachabilityBenchmark",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ]
)
