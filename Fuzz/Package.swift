// swift-tools-version:6.0
import PackageDescription

// libFuzzer targets for Pail's parsers of untrusted bytes. Kept out of the main package so that
// `swift build` and `swift test` there never see them. Build and run with `Fuzz/run.sh`, which passes
// `-sanitize=fuzzer,address`, `-enable-testing` (the targets reach internal parsers with
// `@testable import`) and `-use-ld=lld` (gold fails to link libFuzzer against SwiftPM's entry point).

let v5: [SwiftSetting] = [.swiftLanguageMode(.v5)]

/// One executable per target; each has `Sources/<name>/<name>.swift` and `Corpus/<name>/`.
let fuzzTargets = ["FuzzHTTPHead", "FuzzAWSChunked", "FuzzXML", "FuzzSigV4", "FuzzSigV2", "FuzzFaultRules", "FuzzPolicy"]

let package = Package(
    name: "PailFuzz",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(name: "pail", path: ".."),
    ],
    targets: [
        .target(name: "FuzzSupport"),
        .target(name: "FuzzCommon", dependencies: [
            "FuzzSupport",
            .product(name: "PailServer", package: "pail"),
            .product(name: "PailS3", package: "pail"),
        ], swiftSettings: v5),
    ] + fuzzTargets.map { name in
        .executableTarget(name: name, dependencies: [
            "FuzzCommon",
            .product(name: "PailServer", package: "pail"),
            .product(name: "PailS3", package: "pail"),
        ], swiftSettings: v5)
    }
)
