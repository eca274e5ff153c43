// swift-tools-version:6.0
// newswatch: a news-feed watcher daemon. One module per pipeline stage, so the folder list is the
// architecture: config → scheduler → fetch → parse → normalize → archive → rules → alerts; the
// `newswatch` executable is a thin command-line layer over them.
import PackageDescription

let package = Package(
    name: "newswatch",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "newswatch", targets: ["newswatch"]),
        .executable(name: "newswatch-bench", targets: ["newswatch-bench"]),
        .executable(name: "newswatch-fuzz", targets: ["newswatch-fuzz"]),
        .library(name: "NewswatchNormalize", targets: ["NewswatchNormalize"]),
        .library(name: "NewswatchParse", targets: ["NewswatchParse"]),
        .library(name: "NewswatchFetch", targets: ["NewswatchFetch"]),
        .library(name: "NewswatchConfig", targets: ["NewswatchConfig"]),
        .library(name: "NewswatchScheduler", targets: ["NewswatchScheduler"]),
        .library(name: "NewswatchArchive", targets: ["NewswatchArchive"]),
        .library(name: "NewswatchRules", targets: ["NewswatchRules"]),
        .library(name: "NewswatchAlerts", targets: ["NewswatchAlerts"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    ],
    targets: [
        // The C libraries. Each is imported by exactly one Swift module (CCurl and CCompression by
        // NewswatchFetch, CLibXML2 by NewswatchParse); the rest of the code never sees a C pointer.
        .systemLibrary(
            name: "CCurl",
            pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]
        ),
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]
        ),
        // zlib, brotli and zstd: the fetcher decodes response bodies itself, to notice a cut-off stream.
        .systemLibrary(
            name: "CCompression",
            providers: [.apt(["zlib1g-dev", "libbrotli-dev", "libzstd-dev"])]
        ),

        // libxml2's allocator while an HTML document is read: one slab per thread, taken back at
        // once when the document is done (XMLDocumentArena).
        .target(name: "CXMLDocumentArena"),
        // MinHash minima with AVX2 where the CPU has it (StoryBands: near-duplicate keys).
        .target(name: "CMinHash"),

        // normalize: the Article model, canonical content and its SHA-256 id, furniture, the
        // plain-text (seed layout) reader and writer.
        .target(
            name: "NewswatchNormalize",
            dependencies: [.product(name: "Crypto", package: "swift-crypto")]
        ),
        // config: newswatch.toml, read with positions so every error names file, line and key.
        .target(name: "NewswatchConfig"),
        // scheduler: when each feed is polled next (intervals, feed hints, adaptive rate, backoff).
        .target(name: "NewswatchScheduler"),
        // parse: bytes of a feed, an HTML page or a plain-text article into Articles (libxml2).
        .target(
            name: "NewswatchParse",
            dependencies: ["CLibXML2", "CXMLDocumentArena", "NewswatchNormalize"]
        ),
        // fetch: HTTP(S) with libcurl.
        .target(
            name: "NewswatchFetch",
            dependencies: ["CCurl", "CCompression"]
        ),
        // archive: SQLite (through GRDB) — dedup by content hash, sightings, revisions, near-duplicate
        // stories, full-text search, per-feed state.
        .target(
            name: "NewswatchArchive",
            dependencies: ["NewswatchNormalize", "CMinHash", .product(name: "GRDB", package: "GRDB.swift"),
                           .product(name: "GRDBSQLite", package: "GRDB.swift")]
        ),

        // The daemon: composes the pipeline, speaks systemd's notify protocol, handles signals.
        .target(
            name: "NewswatchDaemon",
            dependencies: [
                "NewswatchConfig", "NewswatchScheduler", "NewswatchFetch", "NewswatchParse", "NewswatchNormalize",
                "NewswatchArchive", "NewswatchRules", "NewswatchAlerts",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),

        // test support: a scripted HTTP/1.1 server on loopback, and openssl/nginx TLS and HTTP/2
        // servers started by the tests.
        .target(name: "NewswatchTestSupport"),
        // rules: the query language, one matcher compiled from all rules, alert rules and the pure
        // decisions (cooldown, grouping, rate limits, bursts, feed health) over article events.
        .target(
            name: "NewswatchRules",
            dependencies: ["NewswatchNormalize", "NewswatchConfig"]
        ),
        // alerts: where alerts go; the append-only alert log that survives logrotate, the outbox
        // dispatcher (archive first, then log: exactly once), exec and webhook sinks.
        .target(
            name: "NewswatchAlerts",
            dependencies: ["NewswatchRules", "NewswatchNormalize", "NewswatchArchive", "NewswatchFetch"]
        ),

        .executableTarget(
            name: "newswatch",
            dependencies: [
                "NewswatchNormalize", "NewswatchParse", "NewswatchFetch", "NewswatchConfig", "NewswatchDaemon",
                "NewswatchArchive", "NewswatchRules", "NewswatchAlerts",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),

        // The Swift side of `make bench` (bench/run.sh); built in release only by the bench.
        .executableTarget(
            name: "newswatch-bench",
            dependencies: ["NewswatchNormalize", "NewswatchParse", "NewswatchArchive", "NewswatchRules", "NewswatchTestSupport"]
        ),

        // `make fuzz`: the libFuzzer targets (parsers, rule queries, config), built with -sanitize=fuzzer
        // only there; the ordinary build replays inputs through the same targets (no libFuzzer linked).
        .systemLibrary(name: "CLibFuzzer"),
        .executableTarget(
            name: "newswatch-fuzz",
            dependencies: ["CLibFuzzer", "NewswatchParse", "NewswatchNormalize", "NewswatchRules", "NewswatchConfig"]
        ),

        .testTarget(name: "NewswatchNormalizeTests", dependencies: ["NewswatchNormalize", "NewswatchTestSupport"], exclude: ["Articles"]),
        .testTarget(name: "NewswatchParseTests", dependencies: ["NewswatchParse", "CXMLDocumentArena", "NewswatchTestSupport"], exclude: ["Fixtures", "Pages"]),
        .testTarget(name: "NewswatchFetchTests", dependencies: ["NewswatchFetch", "NewswatchTestSupport"]),
        .testTarget(name: "NewswatchConfigTests", dependencies: ["NewswatchConfig"]),
        .testTarget(name: "NewswatchSchedulerTests", dependencies: ["NewswatchScheduler"]),
        .testTarget(name: "NewswatchDaemonTests", dependencies: ["NewswatchDaemon", "NewswatchTestSupport"]),
        .testTarget(
            name: "NewswatchArchiveTests",
            dependencies: ["NewswatchArchive", "CMinHash", "NewswatchTestSupport", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        .testTarget(name: "NewswatchRulesTests", dependencies: ["NewswatchRules", "NewswatchConfig"]),
        .testTarget(name: "NewswatchAlertsTests", dependencies: ["NewswatchAlerts", "NewswatchArchive", "NewswatchFetch", "NewswatchTestSupport"]),
        .testTarget(name: "NewswatchCLITests", dependencies: ["newswatch", "NewswatchArchive", "NewswatchNormalize", "NewswatchTestSupport", "NewswatchConfig",
                                                     .product(name: "GRDB", package: "GRDB.swift")]),
    ],
    swiftLanguageModes: [.v6]
)
