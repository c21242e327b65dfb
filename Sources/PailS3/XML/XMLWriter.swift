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
