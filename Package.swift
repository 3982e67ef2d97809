// swift-tools-version:6.0
import PackageDescription

// Stages are separate targets and dependencies point inward:
// domain ← normalize / store / fetch / config ← daemon ← CLI.
let package = Package(
    name: "airtrend",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "airtrend", targets: ["airtrend"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.6.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"]), .brew(["sqlite"])]
        ),
        .systemLibrary(
            name: "CCurl",
            pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"]), .brew(["curl"])]
        ),
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"]), .brew(["zlib"])]
        ),
        .target(name: "AirtrendDomain"),
        .target(name: "AirtrendNormalize", dependencies: ["AirtrendDomain", "CZlib"]),
        .target(name: "AirtrendStore", dependencies: ["AirtrendDomain", "CSQLite"]),
        .target(name: "AirtrendFetch", dependencies: ["AirtrendDomain", "CCurl"]),
        // Live feed kinds: request planning and payload decoding; no HTTP transport, no SQL.
        // Live feed kinds: request planning and payload decoding; no HTTP transport, no SQL.
        .target(name: "AirtrendFeeds", dependencies: ["AirtrendDomain"]),
        .target(name: "AirtrendConfig", dependencies: ["AirtrendDomain", .product(name: "Yams", package: "Yams")]),
        .target(
            name: "AirtrendIngest",
            dependencies: [
                "AirtrendDomain", "AirtrendNormalize", "AirtrendStore", "AirtrendFetch", "AirtrendFeeds", "AirtrendConfig",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(name: "AirtrendReport", dependencies: ["AirtrendDomain", "AirtrendStore"]),
        .target(
            name: "AirtrendService",
            dependencies: [
                "AirtrendDomain", "AirtrendNormalize", "AirtrendStore", "AirtrendFeeds", "AirtrendConfig", "AirtrendIngest",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ]
        ),
        .executableTarget(
            name: "airtrend",
            dependencies: [
                "AirtrendDomain", "AirtrendNormalize", "AirtrendStore", "AirtrendFetch", "AirtrendFeeds", "AirtrendConfig",
                "AirtrendIngest", "AirtrendReport", "AirtrendService",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .testTarget(name: "AirtrendDomainTests", dependencies: ["AirtrendDomain"], resources: [.copy("Fixtures")]),
        .testTarget(
            name: "AirtrendNormalizeTests",
            dependencies: ["AirtrendDomain", "AirtrendNormalize"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(name: "AirtrendStoreTests", dependencies: ["AirtrendDomain", "AirtrendStore"]),
        .testTarget(name: "AirtrendFetchTests", dependencies: ["AirtrendFetch"], resources: [.copy("Fixtures")]),
        .testTarget(
            name: "AirtrendFeedsTests",
            dependencies: ["AirtrendDomain", "AirtrendFeeds"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "AirtrendIntegrationTests",
            dependencies: ["AirtrendDomain", "AirtrendNormalize", "AirtrendStore", "AirtrendFetch", "AirtrendFeeds", "AirtrendConfig", "AirtrendIngest", "AirtrendReport", "AirtrendService"]
        ),
    ]
)
