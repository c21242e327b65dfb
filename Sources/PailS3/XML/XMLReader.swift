import CLibXML2

/// Parses S3 request bodies (DeleteObjects, CompleteMultipartUpload, tagging, ...) with libxml2.
///
/// Hostile input is refused before libxml2 sees it: any DTD construct (`<!DOCTYPE`, `<!ENTITY`,
/// `<!ELEMENT`, `<!ATTLIST`, ...) is rejected outright, which rules out entity expansion bombs and
/// external entities (XXE) alike, and S3 bodies never carry one. Parsing uses `XML_PARSE_NONET`,
/// never `XML_PARSE_NOENT`, and forces UTF-8 so an `encoding=` declaration or a UTF-16 body cannot
/// hide markup from that check. The caller bounds the size.
public enum XMLReader {
    /// The document's root element. Throws `S3Error.malformedXML()` on any parse error, on any DTD or
    /// entity declaration, on NUL bytes or a UTF-16/32 byte-order mark, and on empty input.
    public static func parse(_ bytes: [UInt8]) throws -> XMLNode {
        guard !bytes.isEmpty, bytes.count < Int(Int32.max), isPlainUTF8Markup(bytes) else { throw S3Error.malformedXML() }
        _ = initialised
        let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue
                            | XML_PARSE_IGNORE_ENC.rawValue | XML_PARSE_NOCDATA.rawValue)
        let parsed = bytes.withUnsafeBufferPointer { buf in
            buf.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buf.count) {
                xmlReadMemory($0, Int32(buf.count), nil, "UTF-8", options)
            }
        }
        guard let doc = parsed else { throw S3Error.malformedXML() }
        defer { xmlFreeDoc(doc) }
        // Defence in depth: the pre-scan should have refused any document with a DTD.
        guard doc.pointee.intSubset == nil, doc.pointee.extSubset == nil,
              let root = xmlDocGetRootElement(doc) else { throw S3Error.malformedXML() }
        return try node(root)
    }

    /// libxml2 must be initialised once before use from several threads.
    private static let initialised: Void = { xmlInitParser() }()

    private static func node(_ element: xmlNodePtr) throws -> XMLNode {
        var result = XMLNode(name: element.pointee.name.map { String(cString: $0) } ?? "")
        var attribute = element.pointee.properties
        while let a = attribute {
            if let name = a.pointee.name {
                var value = ""
                var text = a.pointee.children
                while let t = text {
                    if let content = t.pointee.content { value += String(cString: content) }
                    text = t.pointee.next
                }
                result.attributes[String(cString: name)] = value
            }
            attribute = a.pointee.next
        }
        var child = element.pointee.children
        while let c = child {
            switch c.pointee.type {
            case XML_ELEMENT_NODE:
                result.children.append(try node(c))
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                if let content = c.pointee.content { result.text += String(cString: content) }
            case XML_COMMENT_NODE, XML_PI_NODE:
                break
            default:
                // Entity references and anything else a DTD-free document cannot produce.
                throw S3Error.malformedXML()
            }
            child = c.pointee.next
        }
        return result
    }

    /// False for NUL bytes, a UTF-16/UTF-32 byte-order mark, or `<!` that does not start a comment or
    /// a CDATA section (so every declaration: DOCTYPE, ENTITY, ELEMENT, ATTLIST, NOTATION).
    static func isPlainUTF8Markup(_ b: [UInt8]) -> Bool {
        if b.count >= 2, (b[0] == 0xFE && b[1] == 0xFF) || (b[0] == 0xFF && b[1] == 0xFE) { return false }
        let comment: [UInt8] = Array("--".utf8)
        let cdata: [UInt8] = Array("[CDATA[".utf8)
        var i = 0
        let n = b.count
        while i < n {
            let c = b[i]
            if c == 0 { return false }
            if c == UInt8(ascii: "<"), i + 1 < n, b[i + 1] == UInt8(ascii: "!") {
                let rest = b[(i + 2)...]
                if rest.starts(with: comment) {
                    // Skip the comment so its text cannot trigger a false refusal.
                    guard let close = find(Array("-->".utf8), in: b, from: i + 4) else { return false }
                    i = close + 3
                    continue
                }
                if rest.starts(with: cdata) {
                    guard let close = find(Array("]]>".utf8), in: b, from: i + 9) else { return false }
                    i = close + 3
                    continue
                }
                return false
            }
            i += 1
        }
        return true
    }

    private static func find(_ needle: [UInt8], in b: [UInt8], from: Int) -> Int? {
        var i = from
        while i + needle.count <= b.count {
            if b[i] == needle[0], b[i..<(i + needle.count)].elementsEqual(needle) { return i }
            i += 1
        }
        return nil
    }
}
