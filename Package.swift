// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "ecs-medic",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "ecs-medic", targets: ["ecs-medic"]),
        .library(name: "ECSMedic", targets: ["ECSMedic"]),
        .library(name: "AWSClient", targets: ["AWSClient"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-crypto", "3.0.0"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", "5.0.0"..<"7.0.0"),
        // Test-only: property tests compare the route, NACL and security group evaluators with brute-force
        // references on thousands of random tables, and need a generator that shrinks a failing table.
        .package(url: "https://github.com/x-sheep/swift-property-based.git", exact: "2.0.1"),
    ],
    targets: [
        .systemLibrary(
            name: "CCurl",
            pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"]), .brew(["curl"])]
        ),
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"]), .brew(["libxml2"])]
        ),
        .target(
            name: "AWSClient",
            dependencies: [
                "CCurl", "CLibXML2",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            plugins: ["EmbedResources"]
        ),
        .target(
            name: "ECSMedic",
            dependencies: [
                "AWSClient",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            plugins: ["EmbedResources"]
        ),
        .executableTarget(
            name: "ecs-medic",
            dependencies: [
                "ECSMedic",
                "AWSClient",
                "Terminal",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The interactive pick's terminal handling: raw mode, keys, the menu; no dependencies.
        .target(name: "Terminal"),
        .executableTarget(name: "EmbedFiles", path: "Sources/EmbedFiles"),
        .plugin(name: "EmbedResources", capability: .buildTool(), dependencies: ["EmbedFiles"]),
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(
            name: "AWSClientTests",
            dependencies: ["AWSClient", "TestSupport", .product(name: "Logging", package: "swift-log")],
            exclude: ["Resources"]
        ),
        .testTarget(
            name: "ECSMedicTests",
            dependencies: [
                "ECSMedic", "AWSClient", "TestSupport",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            exclude: ["StoppedReason/corpus.tsv", "IAM/DecisionCases"]
        ),
        .testTarget(name: "TerminalTests", dependencies: ["Terminal"]),
        .testTarget(name: "EndToEndTests", dependencies: ["ECSMedic", "TestSupport"], exclude: ["Golden"]),
    ]
)
