// swift-tools-version: 6.1
import PackageDescription

// Swift 6 mode, and nonisolated async functions run on their caller's executor
// (`nonisolated(nonsending)`, SE-0461) unless marked `@concurrent`. Without it every call into a
// nonisolated async function left the event loop's executor and re-queued the task on its loop:
// 122 executor switches per JSON exchange, 88 with it (docs/ARCHITECTURE.md, "Hops").
let strictSwift6: [SwiftSetting] = [.swiftLanguageMode(.v6), .enableUpcomingFeature("NonisolatedNonsendingByDefault")]

let package = Package(
    name: "Switchboard",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "switchboard", targets: ["switchboard"]),
        .executable(name: "switchboard-fake-provider", targets: ["FakeProvider"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", exact: "2.28.1"),
        .package(url: "https://github.com/swift-server/async-http-client.git", exact: "1.37.0"),
        .package(url: "https://github.com/groue/GRDB.swift.git", exact: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", exact: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", exact: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", exact: "4.5.2"),
        .package(url: "https://github.com/apple/swift-nio.git", exact: "2.101.3"),
        .package(url: "https://github.com/jpsim/Yams.git", exact: "6.2.2"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.0.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", exact: "2.4.1"),
        .package(url: "https://github.com/apple/swift-distributed-tracing.git", from: "1.0.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", exact: "2.1.1"),
        .package(url: "https://github.com/vapor/postgres-nio.git", exact: "1.33.2"),
        // Already built for Hummingbird; named so the console's live page can end on a graceful shutdown.
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", exact: "2.13.0"),
        // Already built for Hummingbird; named for the HTTP response parts a channel handler sees.
        .package(url: "https://github.com/apple/swift-nio-extras.git", exact: "1.35.2"),
    ],
    targets: [
        // OpenAI and Anthropic wire formats, SSE framing, JSON scanning. No I/O.
        .target(
            name: "Wire",
            dependencies: [.product(name: "NIOCore", package: "swift-nio")],
            swiftSettings: strictSwift6
        ),
        // Waiting without holding threads: sleeps that free their timer when cancelled (for
        // timeouts and watchdogs), and blocking work on the blocking-I/O thread pool.
        .target(
            name: "Timers",
            dependencies: [.product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio")],
            swiftSettings: strictSwift6
        ),
        // Typed configuration, loaded from YAML with file:line diagnostics.
        .target(
            name: "Config",
            dependencies: ["Yams", .product(name: "Mustache", package: "swift-mustache")],
            swiftSettings: strictSwift6
        ),
        // The audit trail: records, the hash chain, signed checkpoints, the verifier, the group-commit writer.
        .target(
            name: "Audit",
            dependencies: [
                "Wire", "Timers", .product(name: "Crypto", package: "swift-crypto"), .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: strictSwift6
        ),
        // The shared pool's rules: tenants' quotas and budgets in calendar windows, prices, and the
        // weighted fair scheduler that shares a backend's slots. No I/O.
        .target(
            name: "Pool",
            dependencies: ["Config", .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio")],
            swiftSettings: strictSwift6
        ),
        // Persistence behind the `Store` protocol; SQLite (GRDB) implementation.
        .target(
            name: "Store",
            dependencies: [
                "Audit", "Pool", "Config",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strictSwift6
        ),
        // The `Store` protocol on PostgreSQL (postgres-nio), for instances that share one database.
        .target(
            name: "PostgresStore",
            dependencies: [
                "Store", "Audit", "Pool", "Config", "Timers",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: strictSwift6
        ),
        // Sensitive-data inspection: recognizers, data levels, zone policy, reversible masking. No I/O.
        .target(
            name: "Privacy",
            dependencies: ["Wire", "Config"],
            swiftSettings: strictSwift6
        ),
        // Plugins the model can call: the contract, argument schemas, the registry and runner,
        // the built-in plugins, HTTP plugins and the tools of external MCP servers.
        .target(
            name: "Plugins",
            dependencies: [
                "Wire", "Config", "Yams", "Timers",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: strictSwift6
        ),
        // The financial plugins: the securities master, exchange and suitability rules, quotes,
        // the institution's business data.
        .target(
            name: "Finance",
            dependencies: [
                "Plugins", "Wire", "Config", "Timers",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ],
            swiftSettings: strictSwift6
        ),
        // Quality checks on answers: figures grounded in the exchange's evidence, compliance rails. No I/O.
        .target(
            name: "Checks",
            dependencies: ["Wire", "Config"],
            swiftSettings: strictSwift6
        ),
        // Model backend clients, the backend pool, health, circuit breakers and retries.
        .target(
            name: "Backends",
            dependencies: [
                "Wire", "Config", "Timers", "Pool",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
            ],
            swiftSettings: strictSwift6
        ),
        // The request pipeline: the Exchange value and the stages that act on it.
        .target(
            name: "Gateway",
            dependencies: [
                "Wire", "Config", "Store", "Backends", "Audit", "Privacy", "Plugins", "Finance", "Timers", "Checks", "Pool",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
            ],
            swiftSettings: strictSwift6
        ),
        // Switchboard's plugins served to MCP clients (streamable HTTP sessions per API key).
        .target(
            name: "MCPEndpoint",
            dependencies: [
                "Gateway", "Plugins", "Wire", "Store", "Audit", "Pool",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSwift6
        ),
        // Evaluation suites run through the gateway in-process, judged, summarised and reported.
        .target(
            name: "Evaluation",
            dependencies: ["Gateway", "Checks", "Store", "Wire", "Yams", .product(name: "NIOCore", package: "swift-nio")],
            swiftSettings: strictSwift6
        ),
        // HTTP routes, authentication middleware and error mapping (Hummingbird).
        .target(
            name: "Server",
            dependencies: [
                "Gateway", "MCPEndpoint", "Wire", "Config", "Store", "Backends", "Audit", "Pool", "Checks", "Privacy", "Timers",
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "NIOHTTPTypesHTTP1", package: "swift-nio-extras"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSwift6
        ),
        .executableTarget(
            name: "switchboard",
            dependencies: [
                "Server", "Config", "Store", "PostgresStore", "Gateway", "Audit", "Privacy", "Plugins", "Finance", "Wire", "Checks", "Evaluation", "Pool",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSwift6
        ),
        // A scriptable stand-in for model providers (OpenAI and Anthropic protocols) used by tests.
        .executableTarget(
            name: "FakeProvider",
            dependencies: [
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strictSwift6
        ),
        // glibc's heap counters, for the memory-growth guard.
        .target(name: "CHeapUsage", path: "Tests/CHeapUsage"),
        .testTarget(
            name: "SwitchboardTests",
            dependencies: [
                "CHeapUsage", "Wire", "Config", "Store", "PostgresStore", "Backends", "Gateway", "Server", "Audit", "Privacy", "Plugins", "Finance", "Timers", "Checks", "Evaluation", "Pool",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "NIOHTTPTypesHTTP1", package: "swift-nio-extras"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: strictSwift6
        ),
    ]
)
