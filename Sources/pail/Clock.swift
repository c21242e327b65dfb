import ArgumentParser
import Foundation
import PailServer

/// `pail clock`: show, move, freeze and reset the server clock of a running server through its admin API
/// under `/_pail/clock` (see docs/clock.md). Each command prints the clock's state afterwards.
struct ClockCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "clock",
        abstract: "Show or move the clock of a running Pail server.",
        discussion: """
        Talks to the admin API at --endpoint (default $PAIL_ENDPOINT or http://127.0.0.1:9000).
          pail clock                       show the server time, offset and whether it is frozen
          pail clock advance 3d            move it three days ahead (36h, 90m, 10s, 1h30m; -1h goes back)
          pail clock offset -1h            run it one hour behind the real clock
          pail clock freeze [TIME]         stop it now, or at an RFC 3339 TIME (2030-01-01T00:00:00Z)
          pail clock unfreeze              let it run on from where it stands
          pail clock reset                 back to the real clock
        Clients sign with their own clocks: once the server is more than 15 minutes away from them,
        header-signed requests fail with RequestTimeTooSkewed, as on AWS.
        """,
        subcommands: [Show.self, Advance.self, Offset.self, Freeze.self, Unfreeze.self, Reset.self],
        defaultSubcommand: Show.self
    )
}

extension ClockCommand {
    /// `pail clock [show]`.
    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show the server clock.")
        @OptionGroup var output: Output

        func run() throws {
            output.show(try output.connection.call("GET", "/_pail/clock", expecting: ServerClock.Snapshot.self))
        }
    }

    /// `pail clock advance DURATION`.
    struct Advance: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Move the server clock by a duration (3d, 36h, 90m, 10s; -1h goes back).")
        @OptionGroup var output: Output
        // `.allUnrecognized` lets a negative duration through: plain arguments would read `-1h` as flags.
        @Argument(parsing: .allUnrecognized, help: "A duration: 3d, 36h, 90m, 10s, 1h30m, -1h, or seconds.")
        var duration: [String] = []

        func run() throws {
            let seconds = try ClockCommand.seconds(duration)
            try output.change(["advanceSeconds": seconds])
        }
    }

    /// `pail clock offset DURATION`.
    struct Offset: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Run the server clock this far from the real clock (-1h: an hour behind); unfreezes it.")
        @OptionGroup var output: Output
        @Argument(parsing: .allUnrecognized, help: "A duration: 3d, 36h, 90m, 10s, -1h, 0, or seconds.")
        var duration: [String] = []

        func run() throws {
            let seconds = try ClockCommand.seconds(duration)
            try output.change(["offsetSeconds": seconds])
        }
    }

    /// `pail clock freeze [TIME]`.
    struct Freeze: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Stop the server clock now, or at an RFC 3339 time.")
        @OptionGroup var output: Output
        @Argument(help: "When to stop it, e.g. 2030-01-01T00:00:00Z (default: its current time).")
        var time: String?

        func run() throws {
            if let time {
                guard ClockCommand.parseTime(time) != nil else {
                    throw ValidationError("'\(time)' is not an RFC 3339 time such as 2030-01-01T00:00:00Z")
                }
                try output.change(["freezeAt": time])
            } else {
                try output.change(["freeze": true])
            }
        }
    }

    /// `pail clock unfreeze`.
    struct Unfreeze: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Let a frozen server clock run on from where it stands.")
        @OptionGroup var output: Output

        func run() throws { try output.change(["freeze": false]) }
    }

    /// `pail clock reset`.
    struct Reset: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Put the server clock back on the real clock.")
        @OptionGroup var output: Output

        func run() throws {
            output.show(try output.connection.call("DELETE", "/_pail/clock", expecting: ServerClock.Snapshot.self))
        }
    }

    /// The connection (as `pail faults` has it) and how the state is printed.
    struct Output: ParsableArguments {
        @OptionGroup var connection: Faults.Connection
        @Flag(name: .customLong("json"), help: "Print the clock state as JSON.") var printJSON = false

        /// POSTs one change and prints the state it leads to.
        func change(_ body: [String: Any]) throws {
            let data = try JSONSerialization.data(withJSONObject: body)
            show(try connection.call("POST", "/_pail/clock", body: data, expecting: ServerClock.Snapshot.self))
        }

        func show(_ snapshot: ServerClock.Snapshot) {
            if printJSON {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                print(String(decoding: (try? encoder.encode(snapshot)) ?? Data(), as: UTF8.self))
                return
            }
            let offset = snapshot.offsetSeconds
            print("now:    \(ClockCommand.format(snapshot.now))")
            let seconds = offset == offset.rounded() ? String(Int64(offset)) : String(format: "%.3f", offset)
            print("offset: \(ClockDuration.format(offset)) (\(seconds) s from the real clock)")
            print("frozen: \(snapshot.frozenAt.map { "yes, at \(ClockCommand.format($0))" } ?? "no")")
        }
    }

    /// Exactly one duration argument, in seconds.
    static func seconds(_ arguments: [String]) throws -> Double {
        let arguments = arguments.filter { $0 != "--" }
        guard arguments.count == 1, let text = arguments.first else {
            throw ValidationError("give one duration, e.g. 3d, 36h, 90m, 10s or -1h")
        }
        guard let seconds = ClockDuration.parse(text) else {
            throw ValidationError("'\(text)' is not a duration; use e.g. 3d, 36h, 90m, 10s, 1h30m or -1h")
        }
        return seconds
    }

    static func parseTime(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: text)
    }

    static func format(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }
}
