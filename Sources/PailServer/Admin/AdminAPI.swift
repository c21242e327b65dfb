import Foundation
import PailFaults
import PailHTTP

/// The runtime admin API, answering JSON: fault control under `/_pail/faults` (below) and the server clock
/// under `/_pail/clock` (`ClockAdminAPI`).
///
/// | request | answer |
/// |---|---|
/// | `GET /_pail/faults` | 200 `{"seed": N, "rules": [...]}` (a valid plan file) |
/// | `POST /_pail/faults` with one rule, an array of rules, or `{"rules": [...]}` | 201 `{"rules": [...]}` with ids |
/// | `GET /_pail/faults/<id>` | 200 the rule, 404 if absent |
/// | `DELETE /_pail/faults/<id>` | 204, 404 if absent |
/// | `DELETE /_pail/faults` | 204, every rule removed |
/// | `GET /_pail/faults/log[?since=SEQ]` | 200 `{"entries": [...]}`, only entries with `seq > SEQ` if given |
/// | `DELETE /_pail/faults/log` | 204, log emptied |
/// | `POST /_pail/lifecycle` | 200 what one lifecycle run did now (`LifecycleSweeper.Report`) |
///
/// Errors are `{"error": "..."}` with 400 (bad JSON or rule; nothing is added then), 404 (no such rule or
/// path) or 405 (method not allowed, with `Allow`). Authorization is the pipeline's job: it must call this
/// only for requests it has admitted (root credentials when listening beyond loopback).
final class AdminAPI {
    /// Bodies larger than this are refused (a plan of thousands of rules still fits).
    static let bodyLimit = 4 << 20

    private let injector: FaultInjector
    private let clock: ClockAdminAPI
    private let lifecycle: LifecycleSweeper?
    /// Why a rule cannot be carried out here (gateway mode), or nil; such rules are refused with 400.
    var refusal: ((FaultRule) -> String?)?

    init(injector: FaultInjector, clock: ServerClock, lifecycle: LifecycleSweeper? = nil) {
        self.injector = injector
        self.clock = ClockAdminAPI(clock: clock)
        self.lifecycle = lifecycle
    }

    /// True for the paths this API serves (`/_pail/faults…`, `/_pail/clock…`); the pipeline sends those
    /// here after admitting the caller.
    static func serves(_ rawPath: Substring) -> Bool {
        rawPath.hasPrefix("/_pail/faults") || rawPath.hasPrefix("/_pail/clock") || rawPath.hasPrefix("/_pail/lifecycle")
    }

    /// Serves one admin request. `path` is the raw path (`/_pail/faults/r1`, `/_pail/clock`); the leading `/_pail` is
    /// optional. Never throws: every failure is a JSON error response.
    func handle(_ request: HTTPRequest, path: Substring) -> HTTPResponse {
        var rest = path
        if rest.hasPrefix("/_pail") { rest = rest.dropFirst("/_pail".count) }
        while rest.hasSuffix("/") && rest.count > 1 { rest = rest.dropLast() }
        let method = request.head.method
        switch rest {
        case "/clock":
            return clock.handle(request)
        case "/lifecycle":
            guard method == "POST" else { return Self.notAllowed("POST") }
            guard let lifecycle else { return Self.error(404, "lifecycle is not available") }
            do {
                return Self.json(200, try lifecycle.run())
            } catch {
                return Self.error(500, "lifecycle run failed: \(error)")
            }
        case "/faults":
            switch method {
            case "GET": return list()
            case "POST": return add(request)
            case "DELETE": injector.clear(); return Self.noContent()
            default: return Self.notAllowed("GET, POST, DELETE")
            }
        case "/faults/log":
            switch method {
            case "GET": return log(query: request.head.rawQuery)
            case "DELETE": injector.clearLog(); return Self.noContent()
            default: return Self.notAllowed("GET, DELETE")
            }
        default:
            guard rest.hasPrefix("/faults/") else { return Self.error(404, "no admin resource \(path)") }
            let raw = String(rest.dropFirst("/faults/".count))
            let id = raw.removingPercentEncoding ?? raw
            switch method {
            case "GET":
                guard let rule = injector.rules.first(where: { $0.id == id }) else { return Self.error(404, "no rule \"\(id)\"") }
                return Self.json(200, rule)
            case "DELETE":
                return injector.remove(id: id) ? Self.noContent() : Self.error(404, "no rule \"\(id)\"")
            default:
                return Self.notAllowed("GET, DELETE")
            }
        }
    }

    private func list() -> HTTPResponse {
        Self.json(200, FaultPlan(seed: injector.seed, rules: injector.rules))
    }

    private func add(_ request: HTTPRequest) -> HTTPResponse {
        let body: [UInt8]
        do {
            body = try request.body.readAll(limit: Self.bodyLimit)
        } catch HTTPError.bodyTooLarge {
            return Self.error(413, "body larger than \(Self.bodyLimit) bytes")
        } catch {
            return Self.error(400, "cannot read body: \(error)")
        }
        let rules: [FaultRule]
        do {
            rules = try AdminRuleBody.decode(Data(body))
        } catch let e as FaultSpecError {
            return Self.error(400, e.message)
        } catch {
            return Self.error(400, "\(error)")
        }
        if let reserved = rules.first(where: { $0.id == "log" }) {
            return Self.error(400, "rule id \"\(reserved.id)\" is reserved (it names /_pail/faults/log)")
        }
        for rule in rules {
            if let reason = refusal?(rule) { return Self.error(400, reason) }
        }
        return Self.json(201, AdminRuleList(rules: injector.add(rules)))
    }

    private func log(query: Substring) -> HTTPResponse {
        var since = 0
        for pair in query.split(separator: "&") where pair.hasPrefix("since=") {
            guard let n = Int(pair.dropFirst("since=".count)) else { return Self.error(400, "since must be a number") }
            since = n
        }
        return Self.json(200, AdminLogList(entries: injector.log.filter { $0.seq > since }))
    }

    // MARK: responses

    static func json<T: Encodable>(_ status: Int, _ value: T) -> HTTPResponse {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(value)) ?? Data(#"{"error":"encoding failed"}"#.utf8)
        var response = HTTPResponse(status: status, body: .bytes(Array(data) + [0x0A]))
        response.headers.add("Content-Type", "application/json")
        return response
    }

    static func error(_ status: Int, _ message: String) -> HTTPResponse {
        json(status, ["error": message])
    }

    static func noContent() -> HTTPResponse { HTTPResponse(status: 204) }

    static func notAllowed(_ allow: String) -> HTTPResponse {
        var response = error(405, "method not allowed; use \(allow)")
        response.headers.add("Allow", allow)
        return response
    }
}
