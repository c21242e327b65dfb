import Foundation

/// Builds an XML document into bytes, escaping text. No pretty printing: S3 sends compact XML.
public struct XMLWriter {
    public private(set) var bytes: [UInt8] = []

    /// `capacity`: expected document size in bytes (listings reserve for a whole page up front, so the
    /// buffer is not regrown and copied a dozen times).
    public init(capacity: Int = 512) { bytes.reserveCapacity(capacity) }

    public mutating func declaration() { raw(#"<?xml version="1.0" encoding="UTF-8"?>"#) }

    /// `<name xmlns="...">`
    public mutating func open(_ name: String, namespace: String? = nil) {
        raw("<"); raw(name)
        if let namespace { raw(#" xmlns=""#); raw(namespace); raw("\"") }
        raw(">")
    }

    public mutating func close(_ name: String) { raw("</"); raw(name); raw(">") }

    /// `<name>escaped text</name>`
    public mutating func element(_ name: String, _ text: String) {
        open(name); text_(text); close(name)
    }

    /// Writes `name` only when `text` is non-nil.
    public mutating func optional(_ name: String, _ text: String?) {
        if let text { element(name, text) }
    }

    // MARK: Pieces, for hot loops
    //
    // A listing writes ten elements per key; through `element(_:_:)` each name is a String retained,
    // bridged and appended three times, and each value a String built first (date, quoted ETag,
    // size). These append straight into the buffer instead (perf: XML was 60% of a listing's CPU).

    /// Appends markup known at compile time as is, unescaped: often several tags in one piece,
    /// `</Key><LastModified>`.
    public mutating func markup(_ s: StaticString) {
        s.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    /// Appends `s` escaped as element text.
    public mutating func text(_ s: String) { text_(s) }

    /// Appends `n` in decimal.
    public mutating func decimal(_ n: Int64) {
        if n < 0 { bytes.append(UInt8(ascii: "-")) }
        var rest = n.magnitude
        var count = 1
        var probe = rest
        while probe >= 10 { probe /= 10; count += 1 }
        bytes.append(contentsOf: repeatElement(0, count: count))
        var i = bytes.count
        repeat {
            i -= 1
            bytes[i] = UInt8(ascii: "0") + UInt8(rest % 10)
            rest /= 10
        } while rest > 0
    }

    /// Appends `date` as `S3Date.iso8601` writes it: `2009-10-12T17:50:30.000Z`.
    public mutating func iso8601(_ date: Date) { S3Date.appendISO8601(date, millis: true, to: &bytes) }

    public mutating func raw(_ s: String) {
        var s = s
        s.withUTF8 { bytes.append(contentsOf: $0) }
    }

    /// Copies runs of plain bytes in one append and escapes the rest; the per-byte append this
    /// replaced was a third of a 1000-key listing's CPU (perf, BENCHMARKS.md).
    private mutating func text_(_ s: String) {
        var s = s
        s.withUTF8 { utf8 in
            var runStart = 0
            for i in 0..<utf8.count {
                let escape: StaticString
                switch utf8[i] {
                case UInt8(ascii: "&"): escape = "&amp;"
                case UInt8(ascii: "<"): escape = "&lt;"
                case UInt8(ascii: ">"): escape = "&gt;"
                case UInt8(ascii: "\""): escape = "&quot;"
                case UInt8(ascii: "'"): escape = "&apos;"
                case 0x0D: escape = "&#13;"
                case 0x00...0x08, 0x0B, 0x0C, 0x0E...0x1F:
                    // Not characters in XML 1.0 at all. S3 writes these as `&#x1;`-style references
                    // (which strict parsers refuse; clients ask for encoding-type=url to avoid them)
                    // rather than raw bytes no parser can skip, so Pail does the same.
                    bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<i]))
                    let hex = Array("0123456789ABCDEF".utf8), b = utf8[i]
                    bytes.append(contentsOf: [UInt8(ascii: "&"), UInt8(ascii: "#"), UInt8(ascii: "x")])
                    if b >= 0x10 { bytes.append(hex[Int(b >> 4)]) }
                    bytes.append(contentsOf: [hex[Int(b & 0x0F)], UInt8(ascii: ";")])
                    runStart = i + 1
                    continue
                default: continue
                }
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<i]))
                bytes.append(contentsOf: UnsafeBufferPointer(start: escape.utf8Start, count: escape.utf8CodeUnitCount))
                runStart = i + 1
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<utf8.count]))
        }
    }

    public var string: String { String(decoding: bytes, as: UTF8.self) }
}
