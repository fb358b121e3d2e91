// swift-tools-version: 6.1
import PackageDescription

// The programs link the system SQLite. CSQLite declares its API without linking
// it, so that the loadable extension does not: there every sqlite3_* call goes
// to the SQLite of the program that loaded it (CSQLiteRoutines).
let linksSQLite: [LinkerSetting] = [.linkedLibrary("sqlite3")]

let package = Package(
    name: "Plexus",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "plexus", targets: ["plexus"]),
        // The SQL functions as a SQLite loadable extension (`make extension`).
        .library(name: "plexus_sqlite", type: .dynamic, targets: ["PlexusSQLiteExtension"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        // C shims: module maps over Debian's system libraries, no logic.
        .systemLibrary(name: "CSQLite", providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "CTIFF", pkgConfig: "libtiff-4",
                       providers: [.apt(["libtiff-dev"])]),
        .systemLibrary(name: "CLapacke",
                       providers: [.apt(["liblapacke-dev", "libopenblas-dev"])]),
        .systemLibrary(name: "CPNG", pkgConfig: "libpng", providers: [.apt(["libpng-dev"])]),
        .systemLibrary(name: "CGIF", providers: [.apt(["libgif-dev"])]),
        .systemLibrary(name: "COpenSSL", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),

        // The EM's inner loop, in C so that it vectorises (measured: see Benchmarks).
        .target(name: "CPlexusKernels"),

        // Libraries, left to right in the data flow. PlexusNumerics is the leaf
        // they share: statistics, the seeded generator, the JSON/CSV writer and
        // the binary raster.
        .target(name: "PlexusNumerics"),
        .target(name: "PlexusImaging", dependencies: ["CTIFF", "PlexusNumerics"]),
        .target(name: "PlexusMixture", dependencies: ["PlexusImaging", "PlexusNumerics", "CPlexusKernels"]),
        .target(name: "PlexusGraph", dependencies: ["CLapacke", "PlexusMixture"]),
        .target(name: "PlexusStore",
                dependencies: ["CSQLite", "PlexusNumerics", "PlexusImaging", "PlexusMixture", "PlexusGraph"]),
        .target(name: "PlexusIngest",
                dependencies: ["COpenSSL", "PlexusNumerics", "PlexusImaging", "PlexusMixture", "PlexusGraph", "PlexusStore"]),
        // Frames drawn with their fit: plexus render, and the report's images.
        .target(name: "PlexusRender",
                dependencies: ["CPNG", "CGIF", "PlexusNumerics", "PlexusImaging", "PlexusIngest", "PlexusStore"]),
        .target(name: "PlexusAnalytics", dependencies: ["PlexusNumerics", "PlexusGraph", "PlexusStore", "PlexusRender"]),
        .target(name: "PlexusSimulation", dependencies: ["PlexusNumerics", "PlexusImaging"]),

        // The command-line program.
        .executableTarget(name: "plexus", dependencies: [
            "PlexusNumerics", "PlexusImaging", "PlexusIngest", "PlexusGraph", "PlexusStore", "PlexusAnalytics",
            "PlexusSimulation", "PlexusRender", .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ], linkerSettings: linksSQLite),

        // The SQL functions as a loadable extension, calling the host's SQLite
        // through the routines it is handed (sqlite3_* forwarded by CSQLiteRoutines).
        .target(name: "CSQLiteRoutines"),
        // Never unloaded (-z nodelete): SQLite unloads an extension when the last connection
        // that loaded it closes, but the Swift runtime keeps pointers into a library's type
        // metadata for the life of the process, so loading it again crashed.
        .target(name: "PlexusSQLiteExtension", dependencies: ["CSQLite", "CSQLiteRoutines", "PlexusStore"],
                linkerSettings: [.unsafeFlags(["-Xlinker", "-z", "-Xlinker", "nodelete"], .when(platforms: [.linux]))]),

        // Throughput benchmarks (run by `make bench`, never by `make test`).
        .executableTarget(name: "PlexusBenchmarks",
                          dependencies: ["PlexusGraph", "PlexusImaging", "PlexusMixture", "PlexusNumerics", "PlexusSimulation",
                                         "PlexusStore"],
                          path: "Benchmarks/PlexusBenchmarks", linkerSettings: linksSQLite),

        // Helpers shared by the test targets (temporary folders, a TIFF writer, locks).
        .target(name: "PlexusTestSupport", dependencies: ["PlexusNumerics", "PlexusStore"], path: "Tests/PlexusTestSupport"),
        .testTarget(name: "PlexusNumericsTests", dependencies: ["PlexusNumerics"]),
        .testTarget(name: "PlexusImagingTests", dependencies: ["PlexusTestSupport", "PlexusNumerics", "PlexusImaging"],
                    resources: [.copy("Fixtures")]),
        .testTarget(name: "PlexusMixtureTests", dependencies: ["PlexusNumerics", "PlexusMixture", "PlexusImaging", "CPlexusKernels"],
                    resources: [.copy("Fixtures")]),
        .testTarget(name: "PlexusGraphTests", dependencies: ["PlexusNumerics", "PlexusGraph", "PlexusMixture"],
                    resources: [.copy("Fixtures")]),
        .testTarget(name: "PlexusStoreTests",
                    dependencies: ["PlexusNumerics", "PlexusStore", "PlexusGraph", "PlexusMixture", "PlexusTestSupport"],
                    resources: [.copy("Fixtures")], linkerSettings: linksSQLite),
        .testTarget(name: "PlexusIngestTests",
                    dependencies: ["PlexusTestSupport", "PlexusNumerics", "PlexusIngest", "PlexusImaging", "PlexusGraph", "PlexusStore", "PlexusSimulation",
                                   "PlexusAnalytics", "PlexusRender"],
                    resources: [.copy("Fixtures")], linkerSettings: linksSQLite),
        .testTarget(name: "PlexusAnalyticsTests", dependencies: ["PlexusNumerics", "PlexusAnalytics", "PlexusStore"],
                    resources: [.copy("Fixtures")], linkerSettings: linksSQLite),
        .testTarget(name: "PlexusRenderTests",
                    dependencies: ["PlexusRender", "PlexusIngest", "PlexusStore", "PlexusSimulation", "PlexusImaging",
                                   "CPNG", "CGIF", "CTIFF"],
                    linkerSettings: linksSQLite),
        .testTarget(name: "PlexusSimulationTests", dependencies: ["PlexusTestSupport", "PlexusNumerics", "PlexusSimulation", "PlexusImaging"]),
    ],
    swiftLanguageModes: [.v6]
)

// Fuzzing (`make fuzz`, never `swift build` or `make test`): the readers of the files users
// hand to Plexus under libFuzzer. Declared only when PLEXUS_FUZZ is set, so that ordinary
// builds never compile or link them; `make fuzz` builds them in .build-fuzz with
// -sanitize=fuzzer on every Swift module (see Benchmarks/PlexusFuzz/PlexusFuzz.swift).
if Context.environment["PLEXUS_FUZZ"] != nil {
    package.targets += [
        .systemLibrary(name: "CLibFuzzer", path: "Benchmarks/CLibFuzzer"),
        .executableTarget(name: "PlexusFuzz",
                          dependencies: ["CLibFuzzer", "CTIFF", "PlexusImaging", "PlexusIngest", "PlexusSimulation"],
                          path: "Benchmarks/PlexusFuzz", linkerSettings: linksSQLite),
    ]
}
