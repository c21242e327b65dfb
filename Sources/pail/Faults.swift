import ArgumentParser
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import PailFaults

/// `pail faults`: add, list, remove and clear fault rules and read the fault log of a running server,
/// through its admin API under `/_pail/faults` (see docs/FAULTS.md).
struct Faults: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Control fault injection on a running Pail server.",
        discussion: "Talks to the admin API at --endpoint (default $PAIL_ENDPOINT or http://127.0.0.1:9000).",
        subcommands: [Add.self, List.self, Remove.self, Clear.self, Log.self]
    )
}

extension Faults {
    /// `pail faults add`: a rule as JSON (or @file), or built from flags.
    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add fault rules.",
            discussion: """
            Give a rule (or an array of rules, or a plan) as JSON, or '@FILE' to read it from a file:
              pail faults add '{"match":{"operations":["PutObject"]},"when":{"first":2},"action":{"type":"error","code":"SlowDown"}}'
            or build one rule from flags:
              pail faults add --operation PutObject --error SlowDown --first 2
              pail faults add --bucket photos --key-glob '*.jpg' --fault corrupt=100 --probability 0.1
            --fault takes the compact form of the x-pail-fault header (error=SlowDown, latency=500,
            reset, truncate=100, corrupt=10, stall=2000, lostWrite, staleRead, clockSkew=900, ...).
            """
        )

        @OptionGroup var connection: Connection

        @Argument(help: "Rule JSON, an array of rules, or @FILE. Omit to build a rule from flags.")
        var json: String?

        @Option(help: "Rule id (default: r1, r2, ... assigned by the server).") var id: String?
        @Option(help: "Free-text description.") var description: String?

        @Option(help: "Match the service: s3, sts or imds.") var service: String?
        @Option(help: "Match an operation (repeatable: any of).") var operation: [String] = []
        @Option(help: "Match an HTTP method (repeatable: any of).") var method: [String] = []
        @Option(help: "Match a bucket.") var bucket: String?
        @Option(help: "Match keys with this prefix.") var keyPrefix: String?
        @Option(help: "Match keys by glob (* any run incl. /, ? one character).") var keyGlob: String?
        @Option(help: "Match an access key id.") var accessKey: String?
        @Option(help: "Match a header, NAME=VALUE (value exact).") var header: String?

        @Flag(help: "Fire on the first matching request only.") var once = false
        @Option(help: "Fire on the first N matching requests.") var first: Int?
        @Option(help: "Fire on every Nth matching request.") var every: Int?
        @Option(help: "Fire on matching requests after the first N.") var after: Int?
        @Option(help: "Fire with this probability (0...1) under the server's seed.") var probability: Double?
        @Option(help: "Fire during FROM:TO seconds after the rule is added (TO may be empty).") var window: String?

        @Option(help: "Answer with this S3 error code, or STATUS:CODE (SlowDown, InternalError, 503:ServiceUnavailable, ...).")
        var error: String?
        @Option(help: "Error message (with --error).") var message: String?
        @Option(help: "Any action in compact header form (latency=500, reset=1024, corrupt=10:4, ...).") var fault: String?

        @Flag(help: "Print the added rules as JSON.") var printJSON = false

        func run() throws {
            let body: Data
            if let json {
                guard !hasRuleFlags else { throw ValidationError("give the rule as JSON or as flags, not both") }
                body = try json.hasPrefix("@") ? Data(contentsOf: URL(fileURLWithPath: String(json.dropFirst()))) : Data(json.utf8)
            } else {
                body = try JSONEncoder().encode(try ruleFromFlags())
            }
            let list = try connection.call("POST", "/_pail/faults", body: body, expecting: AdminRules.self)
            if printJSON { return try printPretty(list) }
            for rule in list.rules { print("added \(rule.cliSummary)") }
        }

        private var hasRuleFlags: Bool {
            id != nil || description != nil || service != nil || !operation.isEmpty || !method.isEmpty ||
                bucket != nil || keyPrefix != nil || keyGlob != nil || accessKey != nil || header != nil || once ||
                first != nil || every != nil || after != nil || probability != nil || window != nil || error != nil ||
                message != nil || fault != nil
        }

        private func ruleFromFlags() throws -> FaultRule {
            var match = FaultMatch(service: service, bucket: bucket, keyPrefix: keyPrefix, keyGlob: keyGlob, accessKey: accessKey)
            if !operation.isEmpty { match.operations = operation }
            if !method.isEmpty { match.methods = method }
            if let header {
                guard let eq = header.firstIndex(of: "=") else { throw ValidationError("--header wants NAME=VALUE") }
                match.header = FaultHeaderMatch(name: String(header[..<eq]), value: String(header[header.index(after: eq)...]))
            }
            return FaultRule(id: id ?? "", match: match, when: try when(), action: try action(), description: description)
        }

        private func when() throws -> FaultWhen {
            var kinds: [FaultWhen] = []
            if once { kinds.append(.once) }
            if let first { kinds.append(.first(first)) }
            if let every {
                guard every >= 1 else { throw ValidationError("--every must be 1 or more") }
                kinds.append(.every(every))
            }
            if let after { kinds.append(.after(after)) }
            if let probability {
                guard (0...1).contains(probability) else { throw ValidationError("--probability must be between 0 and 1") }
                kinds.append(.probability(probability))
            }
            if let window {
                let parts = window.split(separator: ":", omittingEmptySubsequences: false)
                guard parts.count == 2, let from = Double(parts[0]), parts[1].isEmpty || Double(parts[1]) != nil,
                      from >= 0, Double(parts[1]).map({ $0 > from }) ?? true
                else { throw ValidationError("--window wants FROM:TO seconds, e.g. 0:30 or 10:") }
                kinds.append(.window(.relative(fromSeconds: from, toSeconds: Double(parts[1]))))
            }
            guard kinds.count <= 1 else { throw ValidationError("give at most one of --once, --first, --every, --after, --probability, --window") }
            return kinds.first ?? .always
        }

        private func action() throws -> FaultAction {
            switch (error, fault) {
            case (let code?, nil):
                var action = try FaultAction.fromHeader("error=\(code)")
                if let message, case .error(let status, let code, _) = action { action = .error(status: status, code: code, message: message) }
                return action
            case (nil, let compact?):
                guard message == nil else { throw ValidationError("--message goes with --error") }
                return try FaultAction.fromHeader(compact)
            case (nil, nil): throw ValidationError("say what to do: --error CODE or --fault ACTION (or give the rule as JSON)")
            default: throw ValidationError("give --error or --fault, not both")
            }
        }
    }

    /// `pail faults list`.
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the fault rules (with --json: as a plan file).")
        @OptionGroup var connection: Connection
        @Flag(name: .customLong("json"), help: "Print the rules as a plan file (JSON).") var printJSON = false

        func run() throws {
            let plan = try connection.call("GET", "/_pail/faults", expecting: FaultPlan.self)
            if printJSON { return try printPretty(plan) }
            if plan.rules.isEmpty { print("no rules (seed \(plan.seed ?? 0))"); return }
            print("seed \(plan.seed ?? 0)")
            for rule in plan.rules { print(rule.cliSummary) }
        }
    }

    /// `pail faults remove ID...`.
    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove fault rules by id.")
        @OptionGroup var connection: Connection
        @Argument(help: "Rule ids.") var ids: [String]

        func run() throws {
            for id in ids {
                let escaped = id.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(["/"])) ?? id
                _ = try connection.call("DELETE", "/_pail/faults/\(escaped)", expecting: Empty.self)
                print("removed \(id)")
            }
        }
    }

    /// `pail faults clear`.
    struct Clear: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove every fault rule (with --log: empty the fault log instead).")
        @OptionGroup var connection: Connection
        @Flag(help: "Empty the fault log instead of the rules.") var log = false

        func run() throws {
            _ = try connection.call("DELETE", log ? "/_pail/faults/log" : "/_pail/faults", expecting: Empty.self)
            print(log ? "fault log cleared" : "rules cleared")
        }
    }

    /// `pail faults log`.
    struct Log: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the faults fired: seq, time, request id, rule, action, operation, bucket/key.")
        @OptionGroup var connection: Connection
        @Option(help: "Only entries after this sequence number.") var since: Int = 0
        @Flag(help: "Keep polling once a second for new entries.") var follow = false
        @Flag(name: .customLong("json"), help: "Print the entries as JSON.") var printJSON = false

        func run() throws {
            var since = since
            repeat {
                let list = try connection.call("GET", "/_pail/faults/log?since=\(since)", expecting: AdminEntries.self)
                if printJSON && !follow {
                    try printPretty(list)
                } else {
                    for e in list.entries {
                        if printJSON {
                            let enc = JSONEncoder(); enc.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
                            print(String(decoding: try enc.encode(e), as: UTF8.self))
                        } else {
                            let target = [e.bucket, e.key].compactMap { $0 }.joined(separator: "/")
                            print("\(e.seq)\t\(ISO8601DateFormatter().string(from: e.time))\t\(e.requestID)\t\(e.ruleID)\t\(e.action.headerForm)\t\(e.operation)\t\(target)")
                        }
                    }
                }
                since = list.entries.last?.seq ?? since
                if follow { fflush(nil); Thread.sleep(forTimeInterval: 1) }
            } while follow
        }
    }

    /// `--endpoint` and the one HTTP call each subcommand makes.
    struct Connection: ParsableArguments {
        @Option(help: "Server URL (default: $PAIL_ENDPOINT or http://127.0.0.1:9000).")
        var endpoint: String?

        var baseURL: String {
            var url = endpoint ?? ProcessInfo.processInfo.environment["PAIL_ENDPOINT"] ?? "http://127.0.0.1:9000"
            while url.hasSuffix("/") { url.removeLast() }
            return url
        }

        /// Sends one request and decodes a 2xx JSON answer; a `{"error": ...}` answer becomes a `Failure`.
        func call<T: Decodable>(_ method: String, _ path: String, body: Data? = nil, expecting: T.Type) throws -> T {
            guard let url = URL(string: baseURL + path) else { throw Failure("bad endpoint \(baseURL)") }
            var request = URLRequest(url: url, timeoutInterval: 30)
            request.httpMethod = method
            if let body {
                request.httpBody = body
                request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            }
            let box = ResultBox()
            let done = DispatchSemaphore(value: 0)
            URLSession.shared.dataTask(with: request) { data, response, error in
                box.data = data; box.response = response as? HTTPURLResponse; box.error = error
                done.signal()
            }.resume()
            done.wait()
            if let error = box.error { throw Failure("\(baseURL): \(error.localizedDescription)") }
            guard let response = box.response else { throw Failure("\(baseURL): no HTTP response") }
            let data = box.data ?? Data()
            guard (200..<300).contains(response.statusCode) else {
                let message = (try? JSONDecoder().decode([String: String].self, from: data))?["error"]
                    ?? String(decoding: data.prefix(500), as: UTF8.self)
                throw Failure("\(response.statusCode): \(message)")
            }
            if T.self == Empty.self { return Empty() as! T }
            do {
                return try JSONDecoder().decode(T.self, from: data)
            } catch let e as DecodingError {
                throw Failure("unexpected answer from \(baseURL)\(path): \(e.readableMessage)")
            }
        }
    }

    /// What the URLSession callback hands back to the waiting thread.
    // Unchecked: filled by the callback before it signals the semaphore the caller waits on, and read
    // only after that wait.
    final class ResultBox: @unchecked Sendable {
        var data: Data?
        var response: HTTPURLResponse?
        var error: Error?
    }

    struct Empty: Decodable {}
    struct AdminRules: Codable { var rules: [FaultRule] }
    struct AdminEntries: Codable { var entries: [FaultLogEntry] }

    /// A failure reported to the user as `Error: <message>`.
    struct Failure: Error, CustomStringConvertible {
        var description: String
        init(_ message: String) { description = message }
    }
}

private func printPretty<T: Encodable>(_ value: T) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    print(String(decoding: try encoder.encode(value), as: UTF8.self))
}

extension FaultRule {
    /// One line: `id  when  match  action  # description`.
    fileprivate var cliSummary: String {
        var m: [String] = []
        if let s = match.service { m.append("service=\(s)") }
        if let o = match.operations { m.append("op=\(o.joined(separator: ","))") }
        if let x = match.methods { m.append("method=\(x.joined(separator: ","))") }
        if let b = match.bucket { m.append("bucket=\(b)") }
        if let p = match.keyPrefix { m.append("prefix=\(p)") }
        if let g = match.keyGlob { m.append("glob=\(g)") }
        if let a = match.accessKey { m.append("accessKey=\(a)") }
        if let h = match.header { m.append("header=\(h.name):\(h.value)") }
        let when: String
        switch self.when {
        case .always: when = "always"
        case .once: when = "once"
        case .first(let n): when = "first=\(n)"
        case .every(let n): when = "every=\(n)"
        case .after(let n): when = "after=\(n)"
        case .probability(let p): when = "probability=\(p)"
        case .window(.relative(let from, let to)): when = "window=\(from)s-\(to.map { "\($0)s" } ?? "")"
        case .window(.absolute(let start, let end)):
            let f = ISO8601DateFormatter()
            when = "window=\(start.map(f.string) ?? "")..\(end.map(f.string) ?? "")"
        }
        let line = "\(id)\t\(when)\t\(m.isEmpty ? "*" : m.joined(separator: " "))\t\(action.headerForm)"
        return description.map { "\(line)\t# \($0)" } ?? line
    }
}
