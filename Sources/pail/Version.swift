import ArgumentParser
import PailServer

/// `pail version`: prints `pail <version>`, the same line as `pail --version`.
struct Version: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Print Pail's version.")

    /// The line both spellings print.
    static let line = "pail \(PailVersion.current)"

    func run() {
        print(Self.line)
    }
}
