import Foundation

/// The compact form for the `x-pail-fault` request header (honoured only when the server runs with
/// `--allow-fault-header`), and for the access log.
///
/// | header value | action |
/// |---|---|
/// | `error=SlowDown` | known code, AWS status and message |
/// | `error=503` | known status: first preset with it (500 InternalError, 503 SlowDown, 403 AccessDenied, 423 Locked, …) |
/// | `error=403:MyCode` | any status and code |
/// | `latency=500` / `latency=500:beforeBody` | delay in ms, phase defaults to beforeResponse |
/// | `bandwidth=65536` | bytes per second |
/// | `reset` / `reset=1024` | reset before the response / after N body bytes |
/// | `truncate=100` | N body bytes under the full Content-Length |
/// | `corrupt=10` / `corrupt=10:4` | flip byte 10 / 4 bytes from 10 |
/// | `stall` / `stall=2000` | hold forever / for N ms |
/// | `lostWrite` / `lostWrite=keepOld` | drop the write / keep the previous version |
/// | `staleRead` | serve the previous version |
/// | `clockSkew=1200` / `clockSkew=-300` | seconds |
/// | `expireCredentials` | credentials expire now |
///
/// Type names are case-insensitive. A value starting with `{` is read as the JSON action object.
/// Several actions may be given comma-separated (or as repeated headers): see `fromHeaderList(_:)`.
extension FaultAction {
    /// Parses one compact action. Throws `FaultSpecError` naming the problem and the accepted forms.
    public static func fromHeader(_ value: String) throws -> FaultAction {
        let text = value.trimmingCharacters(in: .whitespaces)
        if text.hasPrefix("{") {
            do {
                return try JSONDecoder().decode(FaultAction.self, from: Data(text.utf8))
            } catch let error as DecodingError {
                throw FaultSpecError("x-pail-fault JSON: \(error.readableMessage)")
            }
        }
        let name: Substring, arg: Substring?
        if let eq = text.firstIndex(of: "=") {
            name = text[..<eq]; arg = text[text.index(after: eq)...]
        } else {
            name = text[...]; arg = nil
        }
        let parts = arg.map { $0.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).map(String.init) } ?? []

        func bad(_ why: String) -> FaultSpecError {
            FaultSpecError("fault \"\(value)\": \(why)")
        }
        func int(_ s: String?, _ what: String, allowNegative: Bool = false) throws -> Int {
            guard let s, let n = Int(s), allowNegative || n >= 0 else {
                throw bad("\(what) must be \(allowNegative ? "an integer" : "a whole number 0 or more")")
            }
            return n
        }
        func noArg() throws { if arg != nil { throw bad("\(name) takes no value") } }

        switch name.lowercased() {
        case "error":
            guard let first = parts.first, !first.isEmpty else { throw bad("error needs a code or status, e.g. error=SlowDown") }
            if parts.count == 2 {
                let status = try int(first, "status")
                guard (400...599).contains(status), !parts[1].isEmpty else { throw bad("use error=STATUS:CODE with STATUS 400...599") }
                return .error(code: parts[1], status: status)!
            }
            if let status = Int(first) {
                guard let preset = S3ErrorPreset.forStatus(status) else {
                    throw bad("no known code for status \(status); use error=\(status):YourCode")
                }
                return .error(status: preset.status, code: preset.code, message: preset.message)
            }
            guard let action = FaultAction.error(code: first) else {
                throw bad("unknown code \(first); use error=STATUS:\(first) or one of \(S3ErrorPreset.all.map(\.code).joined(separator: ", "))")
            }
            return action
        case "latency":
            let ms = try int(parts.first, "latency ms")
            let phaseText = parts.count > 1 ? parts[1] : LatencyPhase.beforeResponse.rawValue
            guard let phase = LatencyPhase.allCases.first(where: { $0.rawValue.lowercased() == phaseText.lowercased() }) else {
                throw bad("latency phase must be beforeResponse or beforeBody")
            }
            return .latency(ms: ms, phase: phase)
        case "bandwidth":
            let rate = try int(parts.first, "bandwidth bytes per second")
            guard rate > 0 else { throw bad("bandwidth must be 1 or more bytes per second") }
            return .bandwidth(bytesPerSecond: rate)
        case "reset":
            return .reset(afterBytes: arg == nil ? nil : try int(parts.first, "reset byte count"))
        case "truncate":
            return .truncate(afterBytes: try int(parts.first, "truncate byte count"))
        case "corrupt":
            let offset = try int(parts.first, "corrupt offset")
            let count = parts.count > 1 ? try int(parts[1], "corrupt count") : 1
            guard count > 0 else { throw bad("corrupt count must be 1 or more") }
            return .corrupt(offset: offset, count: count)
        case "stall":
            return .stall(ms: arg == nil ? nil : try int(parts.first, "stall ms"))
        case "lostwrite":
            switch arg?.lowercased() {
            case nil: return .lostWrite(keepOld: false)
            case "keepold": return .lostWrite(keepOld: true)
            default: throw bad("use lostWrite or lostWrite=keepOld")
            }
        case "staleread":
            try noArg(); return .staleRead
        case "clockskew":
            return .clockSkew(seconds: try int(parts.first, "clockSkew seconds", allowNegative: true))
        case "expirecredentials":
            try noArg(); return .expireCredentials
        default:
            throw bad("unknown fault; expected one of \(FaultAction.types.joined(separator: ", "))")
        }
    }

    /// Parses a comma-separated list of compact actions (repeated headers joined with commas, RFC 9110
    /// §5.3). A JSON value is taken whole. Empty items are skipped.
    public static func fromHeaderList(_ value: String) throws -> [FaultAction] {
        let text = value.trimmingCharacters(in: .whitespaces)
        if text.hasPrefix("{") { return [try fromHeader(text)] }
        return try text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }.map(fromHeader)
    }

    /// The compact form of this action, as `fromHeader(_:)` reads it; used in the access log
    /// (`fault=r1:error=503:SlowDown`). A custom error message is not part of it.
    public var headerForm: String {
        switch self {
        case .error(let status, let code, _): return "error=\(status):\(code)"
        case .latency(let ms, let phase): return phase == .beforeResponse ? "latency=\(ms)" : "latency=\(ms):\(phase.rawValue)"
        case .bandwidth(let rate): return "bandwidth=\(rate)"
        case .reset(let after): return after.map { "reset=\($0)" } ?? "reset"
        case .truncate(let after): return "truncate=\(after)"
        case .corrupt(let offset, let count): return count == 1 ? "corrupt=\(offset)" : "corrupt=\(offset):\(count)"
        case .stall(let ms): return ms.map { "stall=\($0)" } ?? "stall"
        case .lostWrite(let keepOld): return keepOld ? "lostWrite=keepOld" : "lostWrite"
        case .staleRead: return "staleRead"
        case .clockSkew(let s): return "clockSkew=\(s)"
        case .expireCredentials: return "expireCredentials"
        }
    }
}
