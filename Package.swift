// swift-tools-version:6.0
import PackageDescription

// Swift 6 language mode (complete concurrency checking) in every target (issue 16): shared mutable
// state sits behind Synchronization's `Mutex`/`Atomic`, so the compiler checks what "guarded by lock"
// comments used to promise. Each `@unchecked Sendable` left says in a comment why (a condition-variable
// wait, a C handle, state owned by one thread at a time); docs/reliability.md, "Races", lists them.
let v6: [SwiftSetting] = [.swiftLanguageMode(.v6)]

// Linux only: the socket layer waits on epoll(7) and the code imports Glibc. On a Mac, run Pail in
// Docker (README, "On a Mac"); stopping here says so before anything fails to compile.
#if !os(Linux)
#error("Pail builds on Linux only (epoll, Glibc). On macOS use Docker: docker build -f docker/Dockerfile -t pail . && docker run -p 9000:9000 pail")
#endif

let package = Package(
    name: "pail",
    products: [
        .executable(name: "pail", targets: ["pail"]),
        .library(name: "PailServer", targets: ["PailServer"]),
        .library(name: "PailS3", targets: ["PailS3"]),
        .library(name: "PailClient", targets: ["PailClient"]),
        .library(name: "PailTesting", targets: ["PailTesting"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "COpenSSL", pkgConfig: "openssl", providers: [.apt(["libssl-dev"])]),
        .systemLibrary(name: "CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),
        .systemLibrary(name: "CLinux"),
        // The lock ThreadSanitizer builds use in place of Synchronization's Mutex (tools/tsan.sh).
        .target(name: "PailSync", swiftSettings: v6),
        .target(name: "PailHTTP", dependencies: ["COpenSSL", "CLinux", "PailSync"], swiftSettings: v6),
        .target(name: "PailS3", dependencies: ["COpenSSL", "CLibXML2", "PailSync"], swiftSettings: v6),
        .target(name: "PailStorage", dependencies: ["CSQLite", "CLinux", "PailS3"], swiftSettings: v6),
        .target(name: "PailFaults", dependencies: ["PailS3"], swiftSettings: v6),
        .target(name: "PailIdentity", dependencies: ["PailHTTP", "PailS3"], swiftSettings: v6),
        .target(name: "PailClient", dependencies: ["PailHTTP", "PailS3", "COpenSSL"], swiftSettings: v6),
        .target(name: "PailServer", dependencies: ["PailHTTP", "PailS3", "PailStorage", "PailFaults", "PailIdentity"], swiftSettings: v6),
        .target(name: "PailTesting", dependencies: ["PailServer", "PailClient"], swiftSettings: v6),
        .executableTarget(name: "pail", dependencies: [
            "PailServer", "PailFaults", "PailIdentity", "PailClient", "PailStorage",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ], swiftSettings: v6),
        .testTarget(name: "PailHTTPTests", dependencies: ["PailHTTP"], swiftSettings: v6),
        .testTarget(name: "PailS3Tests", dependencies: ["PailS3"], swiftSettings: v6),
        .testTarget(name: "PailStorageTests", dependencies: ["PailStorage"], swiftSettings: v6),
        .testTarget(name: "PailFaultsTests", dependencies: ["PailFaults"], swiftSettings: v6),
        .testTarget(name: "PailIdentityTests", dependencies: ["PailIdentity", "PailS3"], swiftSettings: v6),
        .testTarget(name: "PailServerTests", dependencies: ["PailServer"], swiftSettings: v6),
        .testTarget(name: "PailClientTests", dependencies: ["PailClient", "PailServer", "PailHTTP", "PailS3", "PailFaults"], swiftSettings: v6),
        .testTarget(name: "PailTestingTests", dependencies: ["PailTesting", "PailClient", "PailServer"], swiftSettings: v6),
        .testTarget(name: "EndToEndTests", dependencies: ["PailSync"], exclude: ["python", "requirements.txt"], swiftSettings: v6),
    ]
)
