import Foundation
import Testing
@testable import PailS3

@Suite struct XMLReaderTests {
    static func code(_ s: String) -> String? {
        do { _ = try XMLReader.parse(Array(s.utf8)); return nil } catch let e as S3Error { return e.code } catch { return "\(error)" }
    }

    @Test func parsesDeleteObjectsBody() throws {
        let body = """
            <?xml version="1.0" encoding="UTF-8"?>
            <Delete xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
              <Object><Key>a &amp; b.txt</Key></Object>
              <Object><Key><![CDATA[<raw>]]></Key><VersionId>v1</VersionId></Object>
              <!-- a comment with <!DOCTYPE inside is fine -->
              <Quiet>true</Quiet>
            </Delete>
            """
        let root = try XMLReader.parse(Array(body.utf8))
        #expect(root.name == "Delete")
        let objects = root.children("Object")
        #expect(objects.count == 2)
        #expect(objects[0].child("Key")?.text == "a & b.txt")
        #expect(objects[1].child("Key")?.text == "<raw>")
        #expect(objects[1].child("VersionId")?.text == "v1")
        #expect(root.child("Quiet")?.text == "true")
        #expect(root.child("Missing") == nil)
    }

    @Test func namespacePrefixesAreDropped() throws {
        let body = #"<s3:CompleteMultipartUpload xmlns:s3="http://s3.amazonaws.com/doc/2006-03-01/"><s3:Part><s3:PartNumber>1</s3:PartNumber><s3:ETag>"abc"</s3:ETag></s3:Part></s3:CompleteMultipartUpload>"#
        let root = try XMLReader.parse(Array(body.utf8))
        #expect(root.name == "CompleteMultipartUpload")
        #expect(root.child("Part")?.child("PartNumber")?.text == "1")
        #expect(root.child("Part")?.child("ETag")?.text == "\"abc\"")
    }

    @Test func utf8TextSurvives() throws {
        let root = try XMLReader.parse(Array("<Key>caf\u{E9} \u{20AC}/\u{1F600}</Key>".utf8))
        #expect(root.text == "caf\u{E9} \u{20AC}/\u{1F600}")
    }

    @Test func billionLaughsIsRejectedQuickly() {
        var doc = "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">"
        for i in 1...9 {
            let prev = i == 1 ? "lol" : "lol\(i - 1)"
            doc += "<!ENTITY lol\(i) \"" + String(repeating: "&\(prev);", count: 10) + "\">"
        }
        doc += "]><lolz>&lol9;</lolz>"
        let start = Date()
        #expect(Self.code(doc) == "MalformedXML")
        #expect(Date().timeIntervalSince(start) < 1)
    }

    @Test func externalEntityIsRejected() {
        #expect(Self.code(#"<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>"#) == "MalformedXML")
        #expect(Self.code(#"<?xml version="1.0"?><!DOCTYPE x SYSTEM "http://example.com/x.dtd"><x/>"#) == "MalformedXML")
        #expect(Self.code("<x>&undefined;</x>") == "MalformedXML")
    }

    @Test func encodingTricksAreRejected() {
        let utf16 = [UInt8]([0xFF, 0xFE]) + Array("<x/>".utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })
        #expect(throws: S3Error.malformedXML()) { try XMLReader.parse(utf16) }
        #expect(Self.code("<?xml version=\"1.0\" encoding=\"UTF-7\"?><x>+ADw-!DOCTYPE</x>") == nil)  // parsed as UTF-8 text
    }

    @Test func garbageIsRejected() {
        for s in ["", "not xml", "<a><b></a>", "<a>", "<a/><b/>", "\u{0}<a/>", "<a attr=x/>"] {
            #expect(Self.code(s) == "MalformedXML", "\(s)")
        }
        #expect(throws: S3Error.malformedXML()) { try XMLReader.parse([0xC3, 0x28]) }
    }

    @Test func writerOutputReadsBack() throws {
        var w = XMLWriter()
        w.declaration()
        w.open("Tagging", namespace: "http://s3.amazonaws.com/doc/2006-03-01/")
        w.element("Key", "a<b>&\"c'\r")
        w.close("Tagging")
        let root = try XMLReader.parse(w.bytes)
        #expect(root.child("Key")?.text == "a<b>&\"c'\r")
    }
}
