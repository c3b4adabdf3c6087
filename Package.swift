// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "flytrap",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "flytrap", targets: ["flytrap"]),
        .executable(name: "flytrap-bench", targets: ["flytrap-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-protobuf", from: "1.39.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
    ],
    targets: [
        // System libraries and the tiny C shims Swift needs for macros and variadic calls.
        .target(name: "CCurses", path: "Sources/CCurses", linkerSettings: [.linkedLibrary("ncursesw")]),
        .target(name: "CCurl", path: "Sources/CCurl", linkerSettings: [.linkedLibrary("curl")]),
        .systemLibrary(name: "CCrypto", path: "Sources/CCrypto", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
        .systemLibrary(name: "CSQLite", path: "Sources/CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "CPostgres", path: "Sources/CPostgres", pkgConfig: "libpq", providers: [.apt(["libpq-dev"])]),
        .systemLibrary(name: "CZlib", path: "Sources/CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),

        .target(name: "FlyteIDL", dependencies: [.product(name: "SwiftProtobuf", package: "swift-protobuf")]),
        .target(name: "FlyteModel", dependencies: ["FlyteIDL"]),
        .target(name: "Terminal", dependencies: ["FlyteModel", "CCurses"]),
        .target(name: "ObjectStores", dependencies: ["FlyteModel", "CCurl", "CCrypto"]),
        .target(name: "Explorer", dependencies: ["FlyteModel", "Terminal", .product(name: "Yams", package: "Yams")]),
        .target(name: "ExplorerApp", dependencies: ["Explorer", "Terminal", "MetadataStores", "ObjectStores", "Triage", "FlyteModel"]),
        .target(name: "MetadataStores", dependencies: ["FlyteModel", "FlyteIDL", "CSQLite", "CPostgres"]),
        .target(name: "Triage", dependencies: ["FlyteModel", "FlyteIDL", "MetadataStores", "ObjectStores", "CZlib", "CCrypto"]),
        .target(name: "DemoWorld", dependencies: ["FlyteModel", "FlyteIDL", "MetadataStores", "CSQLite"]),
        .target(name: "FlytrapCLI", dependencies: [
            "FlyteModel", "MetadataStores", "DemoWorld", "ObjectStores", "Triage", "Explorer", "ExplorerApp", "Terminal",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Yams", package: "Yams"),
        ]),
        .executableTarget(name: "flytrap", dependencies: ["FlytrapCLI"]),
        .executableTarget(name: "flytrap-bench", dependencies: [
            "FlyteModel", "MetadataStores", "DemoWorld", "Explorer", "ExplorerApp", "ObjectStores", "Triage", "Terminal",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ], path: "Benchmarks/flytrap-bench"),

        .testTarget(name: "FlyteIDLTests", dependencies: ["FlyteIDL"], resources: [.copy("Fixtures")]),
        .testTarget(name: "FlyteModelTests", dependencies: ["FlyteModel", "FlyteIDL"], resources: [.copy("Fixtures")]),
        .testTarget(name: "MetadataStoresTests", dependencies: ["MetadataStores", "DemoWorld", "CSQLite"]),
        .testTarget(name: "DemoWorldTests", dependencies: ["DemoWorld", "MetadataStores"]),
        .testTarget(name: "TerminalTests", dependencies: ["Terminal"]),
        .testTarget(name: "ObjectStoresTests", dependencies: ["ObjectStores", "FlyteModel"], resources: [.copy("Fixtures")]),
        .testTarget(name: "TriageTests", dependencies: ["Triage", "FlyteModel", "ObjectStores", "MetadataStores", "DemoWorld"]),
        .testTarget(name: "ExplorerTests", dependencies: ["Explorer", "Terminal", "FlyteModel"], exclude: ["Snapshots"]),
        .testTarget(name: "ExplorerAppTests", dependencies: ["ExplorerApp", "Explorer", "Terminal", "FlyteModel", "MetadataStores", "ObjectStores", "DemoWorld"]),
        .testTarget(name: "SystemLibrariesTests", dependencies: ["CCurses", "CCurl", "CCrypto", "CSQLite", "CPostgres"]),
        .testTarget(name: "FlytrapCLITests", dependencies: ["FlytrapCLI", "DemoWorld", "flytrap"]),
    ],
    swiftLanguageModes: [.v6]
)
