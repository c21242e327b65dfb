import PailS3

/// The two forms of an access-log line (`--access-log text|json`).
enum AccessLogLine {
    /// `time peer METHOD target status Nms id=… [fault=…] [authz="…"]`, as Pail has always written.
    static func text(_ r: RequestRecord) -> String {
        let ms = r.durationNanos / 1_000_000
        let marks = r.faults.isEmpty ? "" : " fault=" + r.faults.map(\.logDescription).joined(separator: ",")
        let authz = r.authorization.map { " authz=\"\($0)\"" } ?? ""
        return "\(S3Date.iso8601(r.received)) \(r.remoteAddress) \(r.method) \(r.target) \(r.status) \(ms)ms id=\(r.requestID)\(marks)\(authz)"
    }

    /// One JSON object (RFC 8259) on one line, the fields in a fixed order:
    /// `time` (RFC 3339 UTC with milliseconds, by the server clock), `request_id`, `remote_addr`,
    /// `access_key`, `operation`, `bucket`, `key`, `status`, `error_code`, `bytes_in`, `bytes_out`,
    /// `duration_ms` (milliseconds to the nanosecond, on the monotonic clock: exactly what the
    /// latency histogram counted), `fault`
    /// (`rule:action`, several joined by commas). Absent values are `null`, never left out.
    static func json(_ r: RequestRecord) -> String {
        var out = "{\"time\":"
        string(S3Date.iso8601(r.received), &out)
        out += ",\"request_id\":"; string(r.requestID, &out)
        out += ",\"remote_addr\":"; string(r.remoteAddress, &out)
        out += ",\"access_key\":"; string(r.accessKey, &out)
        out += ",\"operation\":"; string(r.operation.name, &out)
        out += ",\"bucket\":"; string(r.bucket, &out)
        out += ",\"key\":"; string(r.key, &out)
        out += ",\"status\":\(r.status)"
        out += ",\"error_code\":"; string(r.errorCode, &out)
        out += ",\"bytes_in\":\(r.bytesIn),\"bytes_out\":\(r.bytesOut)"
        let fraction = String(r.durationNanos % 1_000_000)
        out += ",\"duration_ms\":\(r.durationNanos / 1_000_000).\(String(repeating: "0", count: 6 - fraction.count))\(fraction)"
        out += ",\"fault\":"
        string(r.faults.isEmpty ? nil : r.faults.map(\.logDescription).joined(separator: ","), &out)
        out += "}"
        return out
    }

    /// A JSON string, or `null`: `"` and `\` escaped, control characters as `\u00XX` (RFC 8259 §7).
    static func string(_ s: String?, _ out: inout String) {
        guard let s else { out += "null"; return }
        out += "\""
        for c in s.unicodeScalars {
            switch c {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where c.value < 0x20:
                let hex = String(c.value, radix: 16, uppercase: false)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(c)
            }
        }
        out += "\""
    }
}
