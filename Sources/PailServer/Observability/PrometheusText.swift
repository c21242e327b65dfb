/// Writes the Prometheus text exposition format, version 0.0.4
/// (https://prometheus.io/docs/instrumenting/exposition_formats/#text-based-format): a `# HELP` and a
/// `# TYPE` line before each family's samples, label values escaped, histograms as cumulative
/// `_bucket{le=…}` samples ending in `le="+Inf"`, then `_sum` and `_count`.
struct PrometheusText {
    /// The `Content-Type` a scrape answers with.
    static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    enum Kind: String { case counter, gauge, histogram }

    private(set) var text = ""

    /// Starts a metric family. `help` may hold any text: backslashes and line feeds are escaped.
    mutating func family(_ name: String, _ kind: Kind, help: String) {
        text += "# HELP \(name) \(Self.escape(help, quotes: false))\n# TYPE \(name) \(kind.rawValue)\n"
    }

    /// One sample line, `name{labels} value`.
    mutating func sample(_ name: String, _ labels: [(String, String)] = [], _ value: Double) {
        text += name
        appendLabels(labels)
        text += " " + Self.format(value) + "\n"
    }

    mutating func sample(_ name: String, _ labels: [(String, String)] = [], _ value: UInt64) {
        text += name
        appendLabels(labels)
        text += " \(value)\n"
    }

    /// A histogram's samples. `counts` holds one count per bucket, not cumulative, one more than
    /// `bounds` (the last for observations above every bound); the lines written are cumulative, as
    /// the format requires, and `_count` is their total.
    mutating func histogram(_ name: String, _ labels: [(String, String)], bounds: [Double], counts: ArraySlice<UInt64>,
                            sum: Double) {
        precondition(counts.count == bounds.count + 1, "one count per bound plus +Inf")
        var cumulative: UInt64 = 0
        for (i, count) in counts.enumerated() {
            cumulative &+= count
            let le = i < bounds.count ? Self.format(bounds[i]) : "+Inf"
            sample(name + "_bucket", labels + [("le", le)], cumulative)
        }
        sample(name + "_sum", labels, sum)
        sample(name + "_count", labels, cumulative)
    }

    private mutating func appendLabels(_ labels: [(String, String)]) {
        guard !labels.isEmpty else { return }
        text += "{"
        for (i, (name, value)) in labels.enumerated() {
            if i > 0 { text += "," }
            text += name + "=\"" + Self.escape(value, quotes: true) + "\""
        }
        text += "}"
    }

    /// Label values escape `\`, `"` and line feed; HELP text escapes `\` and line feed only.
    static func escape(_ s: String, quotes: Bool) -> String {
        guard s.utf8.contains(where: { $0 == UInt8(ascii: "\\") || $0 == UInt8(ascii: "\n") || (quotes && $0 == UInt8(ascii: "\"")) })
        else { return s }
        var out = ""
        out.reserveCapacity(s.utf8.count + 8)
        for c in s.unicodeScalars {
            switch c {
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\"" where quotes: out += "\\\""
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }

    /// Go's `strconv.ParseFloat` forms that Prometheus reads: `+Inf`, `-Inf`, `NaN`, else Swift's
    /// shortest round-tripping decimal (`0.0005`, `2.5`, `10.0`).
    static func format(_ v: Double) -> String {
        if v.isNaN { return "NaN" }
        if v.isInfinite { return v > 0 ? "+Inf" : "-Inf" }
        return v.description
    }
}
