// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "Sluice",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "sluice", targets: ["sluice"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/vapor/multipart-kit", from: "4.7.1"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
    ],
    targets: [
        // libgit2 through pkg-config; shim.h wraps what Swift cannot call directly.
        .systemLibrary(
            name: "CLibGit2",
            pkgConfig: "libgit2",
            providers: [.apt(["libgit2-dev"]), .brew(["libgit2"])]
        ),
        // libvips through pkg-config; shim.h wraps its variadic calls.
        .systemLibrary(
            name: "CVips",
            pkgConfig: "vips",
            providers: [.apt(["libvips-dev"]), .brew(["vips"])]
        ),
        // Ordered JSON values, a position-aware parser, the canonical writer, JSON Pointer,
        // Codable bridging and a JSON Schema validator. Pure Swift, no dependencies.
        .target(name: "SluiceJSON"),
        // Three-way structural merge of JSON values with conflict records. Pure: no git, no files.
        .target(name: "SluiceMerge", dependencies: ["SluiceJSON"]),
        // The only target that imports libgit2.
        .target(name: "SluiceGit", dependencies: ["CLibGit2"]),
        // Document kinds, the block catalog, schemas, validation and secret encryption.
        .target(
            name: "SluiceDocuments",
            dependencies: [
                "SluiceJSON",
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // The only target that imports libvips: image facts and transformations rendered.
        .target(name: "SluiceImaging", dependencies: ["CVips", "SluiceDocuments"]),
        // An environment's media library: files by content hash, a catalog in SQLite, searches in SQL.
        .target(
            name: "SluiceMedia",
            dependencies: [
                "SluiceJSON", "SluiceDocuments", "SluiceImaging",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // Runs flows from the checked-out documents: dynamic values, the graph executor, blocks, run records.
        .target(
            name: "SluiceRunner",
            dependencies: [
                "SluiceDocuments", "SluiceJSON", "SluiceMedia", .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"), .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // Tree merge, file merge (and the git merge driver's), conflicts, stopped merges, work-tree updates.
        .target(name: "SluiceSync", dependencies: ["SluiceGit", "SluiceJSON", "SluiceMerge", "SluiceDocuments"]),
        // Local indexes (the document cache) live in SQLite through GRDB.
        .target(
            name: "SluiceWorkspace",
            dependencies: [
                "SluiceDocuments", "SluiceGit", "SluiceJSON", "SluiceMerge", "SluiceMedia", "SluiceRunner", "SluiceSync",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        // `sluice serve`: the HTTP side (Hummingbird) over the workspace's services.
        .target(
            name: "SluiceServer",
            dependencies: [
                "SluiceWorkspace", "SluiceMedia", "SluiceDocuments", "SluiceJSON", .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"), .product(name: "Logging", package: "swift-log"),
                .product(name: "MultipartKit", package: "multipart-kit"), .product(name: "Prometheus", package: "swift-prometheus"),
            ]
        ),
        // The command line: parsing and printing only.
        .executableTarget(
            name: "sluice",
            dependencies: [
                "SluiceServer", "SluiceWorkspace", "SluiceSync", "SluiceRunner", "SluiceMedia", "SluiceDocuments", "SluiceJSON",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "sluice-benchmark",
            dependencies: ["SluiceWorkspace", "SluiceGit", "SluiceDocuments", "BenchmarkSupport"],
            path: "Benchmarks/WorkspaceBenchmark"
        ),
        .executableTarget(
            name: "sluice-merge-benchmark",
            dependencies: ["SluiceSync", "SluiceGit", "SluiceDocuments", "SluiceJSON", "BenchmarkSupport"],
            path: "Benchmarks/MergeBenchmark"
        ),
        .executableTarget(
            name: "sluice-runner-benchmark",
            dependencies: ["SluiceRunner", "SluiceMedia", "SluiceDocuments", "SluiceJSON", "BenchmarkSupport"],
            path: "Benchmarks/RunnerBenchmark"
        ),
        .executableTarget(
            name: "sluice-media-benchmark",
            dependencies: ["SluiceImaging", "SluiceJSON", "BenchmarkSupport"],
            path: "Benchmarks/MediaBenchmark"
        ),
        .target(name: "BenchmarkSupport", path: "Benchmarks/BenchmarkSupport"),
        // Test support, bottom layer: temporary folders, processes, the git CLI, fixtures, loopback servers, traits and tags.
        .target(name: "SluiceTestSupport", dependencies: ["SluiceJSON", "SluiceMerge"]),
        // Test support for workspace-level tests: a workspace in a temporary folder.
        .target(name: "SluiceWorkspaceTestSupport", dependencies: ["SluiceTestSupport", "SluiceWorkspace", "SluiceJSON"]),
        .testTarget(name: "SluiceJSONTests", dependencies: ["SluiceJSON", "SluiceTestSupport"]),
        .testTarget(
            name: "SluiceMergeTests",
            dependencies: ["SluiceMerge", "SluiceJSON", "SluiceTestSupport", .product(name: "PropertyBased", package: "swift-property-based")]
        ),
        .testTarget(name: "SluiceGitTests", dependencies: ["SluiceGit", "SluiceTestSupport"]),
        .testTarget(
            name: "SluiceSyncTests",
            dependencies: ["SluiceSync", "SluiceGit", "SluiceMerge", "SluiceDocuments", "SluiceJSON", "SluiceTestSupport"]
        ),
        .testTarget(name: "SluiceDocumentsTests", dependencies: ["SluiceDocuments", "SluiceTestSupport"]),
        .testTarget(name: "SluiceImagingTests", dependencies: ["SluiceImaging", "SluiceDocuments", "SluiceTestSupport"]),
        .testTarget(name: "SluiceMediaTests", dependencies: ["SluiceMedia", "SluiceImaging", "SluiceDocuments", "SluiceJSON", "SluiceTestSupport"]),
        .testTarget(name: "SluiceRunnerTests", dependencies: ["SluiceRunner", "SluiceMedia", "SluiceDocuments", "SluiceJSON", "SluiceTestSupport"]),
        .testTarget(
            name: "SluiceWorkspaceTests",
            dependencies: [
                "SluiceWorkspace", "SluiceWorkspaceTestSupport", "SluiceTestSupport", "sluice", .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        .testTarget(
            name: "SluiceServerTests",
            dependencies: [
                "SluiceServer", "SluiceWorkspace", "SluiceWorkspaceTestSupport", "SluiceTestSupport", "SluiceImaging", "SluiceDocuments",
                .product(name: "AsyncHTTPClient", package: "async-http-client"), .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(name: "SluiceCLITests", dependencies: ["SluiceTestSupport", "SluiceWorkspaceTestSupport", "sluice"]),
    ],
    swiftLanguageModes: [.v6]
)
