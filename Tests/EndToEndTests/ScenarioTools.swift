// The programs (not Python modules) the scenarios drive: curl, rclone, headless Chromium and its
// driver, Ceph RGW. When one is missing and the machine has apt-get and root (or password-less sudo), they are
// installed once per test process, so the README's test command works on a fresh Debian machine;
// otherwise the scenarios that need the program fail and say which package to install.

import Foundation

/// A program the scenarios run, and the Debian package that provides it.
struct ScenarioTool: Sendable {
    var command: String
    var package: String

    static let all = [
        ScenarioTool(command: "curl", package: "curl"),
        ScenarioTool(command: "rclone", package: "rclone"),
        ScenarioTool(command: "chromium", package: "chromium"),
        ScenarioTool(command: "chromedriver", package: "chromium-driver"),
        // A single-node Ceph RGW for the gateway scenarios (tools/ceph_rgw.py); no daemon starts on install.
        ScenarioTool(command: "ceph-mon", package: "ceph-mon"),
        ScenarioTool(command: "ceph-osd", package: "ceph-osd"),
        ScenarioTool(command: "radosgw", package: "radosgw"),
        ScenarioTool(command: "ceph", package: "ceph-common"),
    ]
}

/// Installs missing scenario tools once per test process; every caller awaits the same attempt.
actor ScenarioToolsProvider {
    static let shared = ScenarioToolsProvider()

    private var setup: Task<String, Never>?

    /// Returns a note for the test log (what was installed, or why it could not be).
    func ensure() async -> String {
        if let setup { return await setup.value }
        let task = Task { await Self.installMissing() }
        setup = task
        return await task.value
    }

    private static func onPath(_ command: String) -> Bool {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").contains { FileManager.default.isExecutableFile(atPath: "\($0)/\(command)") }
    }

    private static func installMissing() async -> String {
        let missing = ScenarioTool.all.filter { !onPath($0.command) }
        guard !missing.isEmpty else { return "" }
        let packages = missing.map(\.package)
        guard onPath("apt-get") else { return "missing \(packages) and no apt-get to install them" }
        let prefix: [String] = getuid() == 0 ? [] : ["sudo", "-n"]
        let env = ProcessInfo.processInfo.environment.merging(["DEBIAN_FRONTEND": "noninteractive"]) { _, new in new }
        func apt(_ arguments: [String]) async -> (Int32, String) {
            let command = prefix + ["timeout", "900", "apt-get"] + arguments
            return (try? await runProcess("/usr/bin/env", command, directory: EndToEnd.packageRoot, environment: env))
                ?? (-1, "could not run apt-get")
        }
        var result = await apt(["install", "-y", "--no-install-recommends"] + packages)
        if result.0 != 0 {
            _ = await apt(["update"])
            result = await apt(["install", "-y", "--no-install-recommends"] + packages)
        }
        return result.0 == 0 ? "installed \(packages)" : "apt-get install \(packages) failed:\n\(result.1.suffix(2000))"
    }
}
