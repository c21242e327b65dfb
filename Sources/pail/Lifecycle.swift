import ArgumentParser
import Foundation
import PailServer

/// `pail lifecycle run`: applies every bucket's lifecycle rules now, by the server clock, on a
/// running server (admin API `POST /_pail/lifecycle`). With `pail clock advance`, a test sees in
/// seconds what S3 does over days.
struct LifecycleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lifecycle",
        abstract: "Apply bucket lifecycle rules on a running Pail server now.",
        subcommands: [Run.self],
        defaultSubcommand: Run.self
    )

    struct Run: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Run lifecycle now and print what it did.")
        @OptionGroup var connection: Faults.Connection
        @Flag(name: .customLong("json"), help: "Print the report as JSON.") var printJSON = false

        func run() throws {
            let report = try connection.call("POST", "/_pail/lifecycle", expecting: LifecycleRunReport.self)
            if printJSON {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
                print(String(decoding: try encoder.encode(report), as: UTF8.self))
                return
            }
            print("buckets with rules:         \(report.buckets)")
            print("current versions expired:   \(report.expiredCurrent)")
            print("noncurrent versions removed: \(report.removedNoncurrent)")
            print("delete markers removed:     \(report.removedDeleteMarkers)")
            print("uploads aborted:            \(report.abortedUploads)")
        }
    }
}
