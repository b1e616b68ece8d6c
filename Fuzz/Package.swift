// swift-tools-version:6.0
import Foundation
import PackageDescription

/// SwiftPM names a path dependency after its folder, which differs between checkouts (main, a worktree, CI's clone).
let mainPackage = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .lastPathComponent.lowercased()

/// One libFuzzer executable per parser. The fuzz targets live in their own package so that the main build never
/// builds fuzz tooling; `scripts/fuzz.sh` builds them with AddressSanitizer and libFuzzer's coverage
/// instrumentation, links libFuzzer's driver, and runs them.
let fuzzers: [(name: String, products: [String], shared: [String])] = [
    ("FuzzStoppedReason", ["ECSMedic"], []),
    ("FuzzPolicy", ["ECSMedic", "AWSClient"], []),
    ("FuzzSimulate", ["ECSMedic"], []),
    ("FuzzXMLResponse", ["AWSClient"], ["ResponseFuzzer"]),
    ("FuzzJSONResponse", ["AWSClient"], ["ResponseFuzzer"]),
    ("FuzzSnapshot", ["ECSMedic"], []),
    ("FuzzRuleYAML", ["ECSMedic"], []),
    ("FuzzConfiguration", ["ECSMedic"], []),
    ("FuzzTaskDefinition", ["ECSMedic"], []),
    ("FuzzClusterQuery", ["ECSMedic"], []),
]

let package = Package(
    name: "ecs-medic-fuzz",
    platforms: [.macOS(.v14)],
    dependencies: [.package(path: "..")],
    targets: [
        .target(name: "FuzzDriver", path: "Sources/FuzzDriver"),
        .target(name: "ResponseFuzzer", dependencies: ["FuzzDriver", .product(name: "AWSClient", package: mainPackage)],
                path: "Sources/ResponseFuzzer"),
    ] + fuzzers.map { fuzzer in
        .executableTarget(
            name: fuzzer.name,
            dependencies: ["FuzzDriver"] + fuzzer.shared.map { .target(name: $0) }
                + fuzzer.products.map { .product(name: $0, package: mainPackage) },
            path: "Sources/\(fuzzer.name)"
        )
    }
)
