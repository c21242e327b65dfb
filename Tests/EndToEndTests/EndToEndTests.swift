// End-to-end tests: each Python scenario file in `python/` runs under pytest against the real `pail`
// binary (started by the scenarios' own fixtures, one temp data dir and port 0 each). This target has
// no dependencies: the scenarios talk to the binary only through its command line and the S3 wire,
// using real clients (boto3, AWS CLI, curl). The Python they run under is the machine's when it has
// the modules, else a venv this target makes under .build/e2e-venv (ScenarioPython.swift).

import Foundation
import Synchronization
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Locations the scenarios need, found once.
enum EndToEnd {
    /// The package root: the nearest ancestor of this file that holds `Package.swift`.
    static let packageRoot: URL = {
        var dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while dir.path != "/" {
            if FileManager.default.fileExists(atPath: dir.appendingPathComponent("Package.swift").path) {
                return dir
            }
            dir = dir.deletingLastPathComponent()
        }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
    }()

    /// The scenario directory.
    static let scenarioDirectory = packageRoot.appendingPathComponent("Tests/EndToEndTests/python")

    /// `PAIL_BIN`, else `.build/debug/pail` under the package root.
    static var pailBinary: URL {
        if let override = ProcessInfo.processInfo.environment["PAIL_BIN"], !override.isEmpty {
            return URL(fileURLWithPath: override, relativeTo: packageRoot).standardizedFileURL
        }
        return packageRoot.appendingPathComponent(".build/debug/pail")
    }

    /// The scenario files, discovered at run time, sorted so runs are repeatable. `PAIL_E2E_ONLY`
    /// (comma-separated file names) narrows them, e.g. `PAIL_E2E_ONLY=test_auth.py,test_keys.py`.
    static func scenarioFiles() -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: scenarioDirectory.path)) ?? []
        let all = names.filter { $0.hasPrefix("test_") && $0.hasSuffix(".py") }.sorted()
        guard let only = ProcessInfo.processInfo.environment["PAIL_E2E_ONLY"], !only.isEmpty else { return all }
        let wanted = Set(only.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
        return all.filter { wanted.contains($0) }
    }

    /// The environment for pytest: no CA bundles, proxies, AWS settings or profiles from the machine
    /// (the fixtures scrub again for their children), plus where the binary is, and the venv's `bin`
    /// first on PATH when the scenarios run in one.
    static func scenarioEnvironment(python: ScenarioPython) -> [String: String] {
        let scrubbed: Set<String> = ["AWS_CA_BUNDLE", "REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE", "SSL_CERT_FILE",
                                     "SSL_CERT_DIR", "HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy",
                                     "ALL_PROXY", "all_proxy", "BOTO_CONFIG"]
        var env = ProcessInfo.processInfo.environment.filter { key, _ in
            !scrubbed.contains(key) && !key.hasPrefix("AWS_")
        }
        env["PAIL_BIN"] = pailBinary.path
        env["PYTHONDONTWRITEBYTECODE"] = "1"
        env["PYTHONUNBUFFERED"] = "1"
        env["AWS_EC2_METADATA_DISABLED"] = "true"
        if let bin = python.binDirectory {
            env["PATH"] = bin + ":" + (env["PATH"] ?? "/usr/bin:/bin")
            env["VIRTUAL_ENV"] = URL(fileURLWithPath: bin).deletingLastPathComponent().path
        }
        return env
    }

    /// Longest a single scenario file may run before it is stopped and reported.
    static let fileTimeout: TimeInterval = 600
}

/// Output collected from a child process, filled from a reader thread.
final class OutputSink: Sendable {
    private let data = Mutex(Data())

    func append(_ chunk: Data) { data.withLock { $0.append(chunk) } }

    var text: String { data.withLock { String(decoding: $0, as: UTF8.self) } }
}

/// Runs `executable arguments` with stdout and stderr merged into one pipe that a dedicated thread
/// drains (so a chatty child can never block on a full pipe); returns the exit status and output.
func runProcess(_ executable: String, _ arguments: [String], directory: URL,
                environment: [String: String]) async throws -> (status: Int32, output: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    process.currentDirectoryURL = directory
    process.environment = environment
    process.standardInput = FileHandle.nullDevice
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    let sink = OutputSink()

    let status: Int32 = try await withCheckedThrowingContinuation { continuation in
        let group = DispatchGroup()
        group.enter()  // process exit
        group.enter()  // pipe end of file
        process.terminationHandler = { _ in group.leave() }
        do {
            try process.run()
        } catch {
            continuation.resume(throwing: error)
            return
        }
        let reader = pipe.fileHandleForReading
        Thread.detachNewThread {
            while true {
                let chunk = reader.availableData
                if chunk.isEmpty { break }
                sink.append(chunk)
            }
            group.leave()
        }
        group.notify(queue: .global()) { continuation.resume(returning: process.terminationStatus) }
    }
    return (status, sink.text)
}

@Suite("End to end: real clients against the pail binary", .serialized)
struct EndToEndTests {
    init() {
        // A server or client closing a socket early must not kill the test process.
        signal(SIGPIPE, SIG_IGN)
    }

    @Test("scenario file passes under pytest", arguments: EndToEnd.scenarioFiles())
    func scenarioFilePasses(_ file: String) async throws {
        let binary = EndToEnd.pailBinary
        try #require(FileManager.default.isExecutableFile(atPath: binary.path),
                     "pail binary not found at \(binary.path): run `swift build` first or set PAIL_BIN")
        // The machine's python3 if it has boto3 and the rest, else the venv (made on first use).
        let toolsNote = await ScenarioToolsProvider.shared.ensure()
        if !toolsNote.isEmpty { print("scenario tools: \(toolsNote)") }
        let python = try await ScenarioPythonProvider.shared.python()
        let scenario = EndToEnd.scenarioDirectory.appendingPathComponent(file)
        // `timeout` stops pytest and, through its process group, every server and client it started.
        let arguments = ["--kill-after=10", String(Int(EndToEnd.fileTimeout)), python.executable, "-m", "pytest",
                         "-q", "-x", "-p", "no:cacheprovider", scenario.path]
        let result = try await runProcess("/usr/bin/env", ["timeout"] + arguments,
                                          directory: EndToEnd.scenarioDirectory,
                                          environment: EndToEnd.scenarioEnvironment(python: python))
        if result.status == 124 || result.status == 137 {
            Issue.record("\(file) did not finish within \(Int(EndToEnd.fileTimeout)) s:\n\(result.output)")
            return
        }
        #expect(result.status == 0, "pytest \(file) exited \(result.status):\n\(result.output)")
    }

    @Test("scenario directory holds scenario files")
    func scenarioFilesAreFound() {
        #expect(!EndToEnd.scenarioFiles().isEmpty,
                "no test_*.py under \(EndToEnd.scenarioDirectory.path)")
    }
}
