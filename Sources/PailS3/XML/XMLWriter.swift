/// Builds an XML document into bytes, escaping text. No pretty printing: S3 sends compact XML.
public struct XMLWriter {
    public private(set) var bytes: [UInt8] = []

    public init() { bytes.reserveCapacity(512) }

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

    public mutating func raw(_ s: String) { bytes.append(contentsOf: s.utf8) }

    private mutating func text_(_ s: String) {
        for b in s.utf8 {
            switch b {
            case UInt8(ascii: "&"): raw("&amp;")
            case UInt8(ascii: "<"): raw("&lt;")
            case UInt8(ascii: ">"): raw("&gt;")
            case UInt8(ascii: "\""): raw("&quot;")
            case UInt8(ascii: "'"): raw("&apos;")
            case 0x0D: raw("&#13;")
            default: bytes.append(b)
            }
        }
    }

    public var string: String { String(decoding: bytes, as: UTF8.self) }
}
