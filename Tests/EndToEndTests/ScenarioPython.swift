// The Python that runs the scenarios. The machine's `python3` when it already has the modules the
// scenarios import (and an `aws` command); otherwise a virtual environment under
// `.build/e2e-venv`, made from `requirements.txt` once per test process and reused by later runs
// while the requirements it was made from are unchanged. `PAIL_E2E_FORCE_VENV=1` takes the second
// path even when the first would do.

import Foundation

/// Where pytest runs from.
struct ScenarioPython: Sendable {
    /// The interpreter: `python3` (found on PATH) or the venv's `bin/python3`.
    var executable: String
    /// A directory to put first on PATH for the scenarios (the venv's `bin`, so that `aws` and
    /// `python3` are the venv's), or nil for the machine's own.
    var binDirectory: String?

    /// The modules the scenarios import, and the AWS CLI they run.
    static let check = "import boto3, botocore, awscrt, pytest, requests, selenium, shutil, sys; "
        + "sys.exit(0 if shutil.which('aws') else 'no aws command on PATH')"
}

/// Why no Python could be made ready; the scenarios report it.
struct ScenarioPythonError: Error, CustomStringConvertible {
    var description: String
}

/// Finds or makes the scenarios' Python once per test process: the first caller does the work,
/// every other caller awaits the same task.
actor ScenarioPythonProvider {
    static let shared = ScenarioPythonProvider()

    private var setup: Task<ScenarioPython, Error>?

    func python() async throws -> ScenarioPython {
        if let setup { return try await setup.value }
        let task = Task { try await Self.findOrMake() }
        setup = task
        return try await task.value
    }

    static var venvDirectory: URL { EndToEnd.packageRoot.appendingPathComponent(".build/e2e-venv") }
    static var requirements: URL { EndToEnd.packageRoot.appendingPathComponent("Tests/EndToEndTests/requirements.txt") }

    private static func findOrMake() async throws -> ScenarioPython {
        let env = ProcessInfo.processInfo.environment
        let forced = (env["PAIL_E2E_FORCE_VENV"] ?? "").isEmpty == false && env["PAIL_E2E_FORCE_VENV"] != "0"
        if !forced {
            let machine = try await run("python3", ["-c", ScenarioPython.check], environment: env)
            if machine.status == 0 { return ScenarioPython(executable: "python3", binDirectory: nil) }
        }
        return try await makeVenv(environment: env)
    }

    /// Creates (or brings up to date) the venv and checks it. The copy of requirements.txt kept
    /// inside it says what it was made from; a venv without one (an interrupted install) is
    /// installed into again, which pip does idempotently.
    private static func makeVenv(environment env: [String: String]) async throws -> ScenarioPython {
        let venv = venvDirectory
        let bin = venv.appendingPathComponent("bin")
        let python = bin.appendingPathComponent("python3").path
        let stamp = venv.appendingPathComponent("requirements.txt")
        let wanted = try Data(contentsOf: requirements)
        var venvEnv = env
        venvEnv["PATH"] = bin.path + ":" + (env["PATH"] ?? "/usr/bin:/bin")
        venvEnv["VIRTUAL_ENV"] = venv.path
        venvEnv["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"

        let current = FileManager.default.isExecutableFile(atPath: python) && (try? Data(contentsOf: stamp)) == wanted
        if !current {
            try? FileManager.default.removeItem(at: stamp)
            let made = try await run("python3", ["-m", "venv", venv.path], environment: env)
            guard made.status == 0 else {
                throw ScenarioPythonError(description: "python3 -m venv \(venv.path) exited \(made.status) "
                    + "(Debian: apt-get install python3-venv):\n\(made.output)")
            }
            // pip reaches the package index: allow it time, but not forever.
            let installed = try await run("timeout", ["1200", python, "-m", "pip", "install", "--no-input",
                                                      "-r", requirements.path], environment: venvEnv)
            guard installed.status == 0 else {
                throw ScenarioPythonError(description: "pip install -r \(requirements.path) into \(venv.path) "
                    + "exited \(installed.status):\n\(installed.output.suffix(4000))")
            }
            try wanted.write(to: stamp)
        }
        let checked = try await run(python, ["-c", ScenarioPython.check], environment: venvEnv)
        guard checked.status == 0 else {
            throw ScenarioPythonError(description: "the venv \(venv.path) lacks what the scenarios need "
                + "(remove it to rebuild):\n\(checked.output)")
        }
        return ScenarioPython(executable: python, binDirectory: bin.path)
    }

    private static func run(_ command: String, _ arguments: [String],
                            environment: [String: String]) async throws -> (status: Int32, output: String) {
        try await runProcess("/usr/bin/env", [command] + arguments, directory: EndToEnd.packageRoot,
                             environment: environment)
    }
}
