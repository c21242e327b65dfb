import FuzzCommon
@testable import PailS3
@testable import PailServer
import PailStorage

// The XML reader (libxml2 behind a DTD pre-scan) and every parser of an XML request body Pail accepts:
// CompleteMultipartUpload, Delete (DeleteObjects), Tagging, LifecycleConfiguration,
// VersioningConfiguration and CreateBucketConfiguration. Each input goes to all of them; the root
// element decides which get past their first check.
//
// Properties: nothing crashes, hangs or leaks; every refusal is an S3Error; a parsed document written
// back with XMLWriter parses to the same tree; Tagging, Lifecycle and Versioning documents written by
// their own `xmlBody()` parse back to the same value.

/// Writes a parsed tree back: its attributes (the reader keeps them since ACLs need `xsi:type`), the
/// element's text first, then its children (the tree keeps no order between the two, and `text` is
/// the concatenation of the direct text nodes).
func write(_ node: XMLNode, to xml: inout XMLWriter) {
    xml.raw("<" + node.name)
    for (name, value) in node.attributes.sorted(by: { $0.key < $1.key }) {
        xml.raw(" " + name + "=\"")
        // A reader turns tab and newline in an attribute value into spaces (XML 1.0, 3.3.3), so
        // they go out as references; the writer escapes the rest.
        for (i, piece) in value.split(separator: "\t", omittingEmptySubsequences: false).enumerated() {
            if i > 0 { xml.raw("&#9;") }
            for (j, line) in piece.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                if j > 0 { xml.raw("&#10;") }
                xml.text(String(line))
            }
        }
        xml.raw("\"")
    }
    xml.raw(">")
    xml.text(node.text)
    for child in node.children { write(child, to: &xml) }
    xml.close(node.name)
}

func depth(_ node: XMLNode) -> Int { 1 + (node.children.map(depth).max() ?? 0) }

/// An error a body parser may answer with: any S3Error. Anything else would be a 500.
func expectS3Error(_ parser: String, _ body: () throws -> Void) {
    do { try body() } catch is S3Error {} catch { fuzzCheck(false, "\(parser) threw a non-S3 error: \(error)") }
}

/// DeleteObjects as `S3Service.deleteObjects` reads the document (Handlers/S3Service+DeleteObjects.swift).
func parseDelete(_ body: [UInt8]) throws {
    let doc = try XMLReader.parse(body)
    guard doc.name == "Delete" else { throw S3Error.malformedXML() }
    let objects = doc.children("Object")
    guard !objects.isEmpty, objects.count <= 1000 else { throw S3Error.malformedXML() }
    for object in objects {
        guard let key = object.child("Key")?.text else { throw S3Error.malformedXML() }
        let versionId = object.child("VersionId")?.text
        _ = (key, VersionSelector(versionId.flatMap { $0.isEmpty ? nil : $0 }), object.child("ETag").map { ETag.unquote($0.text) })
    }
    _ = doc.child("Quiet")?.text.lowercased() == "true"
}

/// CreateBucket as `S3Service.createBucket` reads its optional body (Handlers/S3Service+Buckets.swift).
func parseCreateBucket(_ body: [UInt8]) throws {
    let doc = try XMLReader.parse(body)
    guard doc.name == "CreateBucketConfiguration" else { throw S3Error.malformedXML() }
    _ = doc.child("LocationConstraint")?.text
}

func fuzz(_ bytes: [UInt8]) {
    // The reader itself, and the write-back property.
    if let tree = try? XMLReader.parse(bytes), depth(tree) < 200 {
        var xml = XMLWriter()
        write(tree, to: &xml)
        do {
            let again = try XMLReader.parse(xml.bytes)
            fuzzCheck(again == tree, "written back, the tree changed:\n\(tree)\n\(again)\n\(String(decoding: xml.bytes, as: UTF8.self))")
        } catch {
            fuzzCheck(false, "a tree written back does not parse: \(error)\n\(String(decoding: xml.bytes, as: UTF8.self))")
        }
    }
    expectS3Error("CompleteMultipartUpload") { _ = try CompletionList.parse(bytes) }
    expectS3Error("Delete") { try parseDelete(bytes) }
    expectS3Error("CreateBucketConfiguration") { try parseCreateBucket(bytes) }
    expectS3Error("Tagging") {
        let tags = try TagSet.parseXML(bytes)
        let again = try TagSet.parseXML(tags.xmlBody())
        fuzzCheck(again == tags, "Tagging written back changed: \(tags) -> \(again)")
        try? tags.validate(for: .object)
        try? tags.validate(for: .bucket)
    }
    expectS3Error("LifecycleConfiguration") {
        var n = 0
        let configuration = try LifecycleConfiguration.parse(bytes) { n += 1; return "generated-\(n)" }
        let again = try LifecycleConfiguration.parse(configuration.xmlBody()) { "unexpected" }
        fuzzCheck(again == configuration, "Lifecycle written back changed: \(configuration) -> \(again)")
    }
    for mfa in [false, true] {
        expectS3Error("VersioningConfiguration") {
            let configuration = try VersioningConfiguration.parse(bytes, hasMFAHeader: mfa)
            let again = try VersioningConfiguration.parse(configuration.xmlBody(), hasMFAHeader: mfa)
            fuzzCheck(again == configuration, "Versioning written back changed")
        }
    }
}

@_cdecl("FuzzXML_main")
func entry(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runLibFuzzer(argc, argv) { data, size in
        fuzz(fuzzBytes(data, size))
        return 0
    }
}
