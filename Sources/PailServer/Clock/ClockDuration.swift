import Foundation

/// Durations as people type them for the clock API and `pail clock`: `3d`, `36h`, `90m`, `10s`,
/// combinations such as `1h30m`, a sign (`-1h`), or plain seconds (`3600`, `-2.5`).
public enum ClockDuration {
    private static let units: [UInt8: Double] = [UInt8(ascii: "d"): 86_400, UInt8(ascii: "h"): 3600,
                                                  UInt8(ascii: "m"): 60, UInt8(ascii: "s"): 1]

    /// Seconds for `text`, or nil when it is not a duration. Each part is a decimal number (fractions
    /// allowed) followed by one of `d`, `h`, `m`, `s`; a bare number is seconds. Units may repeat
    /// (`1h1h` is two hours); no spaces, no exponents.
    public static func parse(_ text: String) -> TimeInterval? {
        var bytes = Array(text.utf8)[...]
        var sign = 1.0
        if let first = bytes.first, first == UInt8(ascii: "-") || first == UInt8(ascii: "+") {
            sign = first == UInt8(ascii: "-") ? -1 : 1
            bytes = bytes.dropFirst()
        }
        guard !bytes.isEmpty else { return nil }
        var total = 0.0
        if bytes.allSatisfy(isNumberByte) {
            guard let value = number(bytes) else { return nil }
            total = value
        } else {
            while !bytes.isEmpty {
                let digits = bytes.prefix(while: isNumberByte)
                bytes = bytes.dropFirst(digits.count)
                guard let value = number(digits), let unit = bytes.first, let scale = units[unit] else { return nil }
                total += value * scale
                bytes = bytes.dropFirst()
            }
        }
        let seconds = sign * total
        return seconds.isFinite ? seconds : nil
    }

    private static func isNumberByte(_ b: UInt8) -> Bool { (b >= 0x30 && b <= 0x39) || b == UInt8(ascii: ".") }

    /// A decimal number with at least one digit and at most one point.
    private static func number(_ bytes: ArraySlice<UInt8>) -> Double? {
        guard bytes.contains(where: { $0 != UInt8(ascii: ".") }), bytes.filter({ $0 == UInt8(ascii: ".") }).count <= 1 else {
            return nil
        }
        return Double(String(decoding: bytes, as: UTF8.self))
    }

    /// `seconds` in the largest whole units, signed: `+3d`, `-1h30m`, `+90.5s`, `0s`. Milliseconds are
    /// the finest part shown.
    public static func format(_ seconds: TimeInterval) -> String {
        var millis = Int64((abs(seconds) * 1000).rounded())
        guard millis != 0 else { return "0s" }
        var out = seconds < 0 ? "-" : "+"
        for (unit, size) in [("d", Int64(86_400_000)), ("h", 3_600_000), ("m", 60_000)] where millis >= size {
            out += "\(millis / size)\(unit)"
            millis %= size
        }
        if millis > 0 {
            let whole = millis / 1000, fraction = millis % 1000
            if fraction == 0 {
                out += "\(whole)s"
            } else {
                var digits = String(fraction + 1000).dropFirst()
                while digits.hasSuffix("0") { digits = digits.dropLast() }
                out += "\(whole).\(digits)s"
            }
        }
        return out
    }
}
