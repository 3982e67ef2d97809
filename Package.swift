// swift-tools-version:6.0
import Foundation
import PackageDescription

// Stages are separate targets and dependencies point inward:
// domain ← normalize / feeds / store / fetch / config ← ingest / report ← service ← CLI.
//
// AirtrendDomain     calendar, zones, stations and roles, ReadingEvent, profiles, statistics, trend tests, option declarations
// AirtrendNormalize  line, CSV and gzip readers, number and time parsers, archive layouts (one folder each), quality control
// AirtrendStore      SQLite: the store, its protocols (IngestStore, ReportStore, ServiceStore, HourlyWriter), migrations, aggregates
// AirtrendFetch      libcurl transport: HTTPClient, retries, rate limits, per-host limits
// AirtrendFeeds      live feed kinds (one folder each): request planning and decoding; no transport, no SQL
// AirtrendConfig     the YAML configuration, every key judged with its path and line
// AirtrendIngest     imports and feed runs, the fetch/retry loop, the store's one writer, the ingest lock
// AirtrendReport     reduction, series and trend queries and every renderer; domain and store only
// AirtrendService    the daemon, schedules, systemd notify, logging, metrics, health, the HTML publisher
// airtrend           the command line; the only place outcomes become exit statuses

/// The documentation and sample configurations kept beside the code of each feed kind and layout
/// (`README.md`, `*.sample.yaml`), found on disk so adding a kind never edits this file.
func docs(in target: String) -> [String] {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Sources/\(target)")
    guard let walker = FileManager.default.enumerator(atPath: root.path) else { return [] }
    return walker.compactMap { $0 as? String }.filter { $0.hasSuffix(".md") || $0.hasSuffix(".sample.yaml") }.sorted()
}

/// The import's per-row path (parse, clean, hold, write) in release builds without the runtime exclusivity
/// check: it cost about 4 % of an import in issue 14's profile. Debug builds and tests keep it.
let hot: [SwiftSetting] = [.unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))]

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
        .target(name: "AirtrendDomain", swiftSettings: hot),
        .target(name: "AirtrendNormalize", dependencies: ["AirtrendDomain", "CZlib"], exclude: docs(in: "AirtrendNormalize"), swiftSettings: hot),
        .target(name: "AirtrendStore", dependencies: ["AirtrendDomain", "CSQLite"], swiftSettings: hot),
        .target(name: "AirtrendFetch", dependencies: ["AirtrendDomain", "CCurl"]),
        // Live feed kinds: request planning and payload decoding; no HTTP transport, no SQL.
        .target(name: "AirtrendFeeds", dependencies: ["AirtrendDomain"], exclude: docs(in: "AirtrendFeeds")),
        .target(name: "AirtrendConfig", dependencies: ["AirtrendDomain", .product(name: "Yams", package: "Yams")]),
        .target(
            name: "AirtrendIngest",
            dependencies: [
                "AirtrendDomain", "AirtrendNormalize", "AirtrendStore", "AirtrendFetch", "AirtrendFeeds", "AirtrendConfig",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: hot
        ),
        .target(name: "AirtrendReport", dependencies: ["AirtrendDomain", "AirtrendStore"]),
        .target(
            name: "AirtrendService",
            dependencies: [
                "AirtrendDomain", "AirtrendStore", "AirtrendConfig", "AirtrendIngest", "AirtrendReport",
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
        // What the test targets share: paths, the real binary as a subprocess, loopback servers, temporary folders.
        .target(name: "AirtrendTestSupport", path: "Tests/AirtrendTestSupport"),
        .testTarget(name: "AirtrendDomainTests", dependencies: ["AirtrendDomain"], resources: [.copy("Fixtures")]),
        .testTarget(
            name: "AirtrendNormalizeTests",
            dependencies: ["AirtrendDomain", "AirtrendNormalize"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(name: "AirtrendStoreTests", dependencies: ["AirtrendDomain", "AirtrendStore", "AirtrendTestSupport"]),
        .testTarget(name: "AirtrendFetchTests", dependencies: ["AirtrendFetch", "AirtrendTestSupport"]),
        .testTarget(
            name: "AirtrendFeedsTests",
            dependencies: ["AirtrendDomain", "AirtrendFeeds"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(name: "AirtrendConfigTests", dependencies: ["AirtrendDomain", "AirtrendConfig", "AirtrendTestSupport"]),
        .testTarget(
            name: "AirtrendIngestTests",
            dependencies: [
                "AirtrendDomain", "AirtrendNormalize", "AirtrendStore", "AirtrendFetch", "AirtrendFeeds", "AirtrendConfig", "AirtrendIngest",
                "AirtrendTestSupport",
            ]
        ),
        .testTarget(name: "AirtrendReportTests", dependencies: ["AirtrendDomain", "AirtrendStore", "AirtrendReport", "AirtrendTestSupport"]),
        .testTarget(
            name: "AirtrendServiceTests",
            dependencies: ["AirtrendDomain", "AirtrendStore", "AirtrendConfig", "AirtrendIngest", "AirtrendService", "AirtrendTestSupport"]
        ),
        // Only what needs the real binary as a subprocess: exit codes, signals, sd_notify, locks, files it writes.
        .testTarget(
            name: "AirtrendIntegrationTests",
            dependencies: [
                "AirtrendDomain", "AirtrendNormalize", "AirtrendStore", "AirtrendFetch", "AirtrendFeeds", "AirtrendConfig", "AirtrendIngest",
                "AirtrendReport", "AirtrendService", "AirtrendTestSupport",
            ]
        ),
    ]
)
