import Foundation
import Testing
@testable import PailS3

@Suite struct XMLWriterTests {
    @Test func markup_appendsAsIs_textEscapes() {
        var w = XMLWriter()
        w.markup("<Contents><Key>")
        w.text("a&b<c>\"d'e\r")
        w.markup("</Key>")
        #expect(w.string == "<Contents><Key>a&amp;b&lt;c&gt;&quot;d&apos;e&#13;</Key>")
    }

    @Test func controlCharacters_becomeReferencesAsS3WritesThem() {
        var w = XMLWriter()
        w.text("a\u{01}b\u{1F}\tc\nd\u{0B}")
        #expect(w.string == "a&#x1;b&#x1F;\tc\nd&#xB;")
        // Nothing below 0x20 but tab and newline is left raw: the body stays one that lenient parsers read.
        #expect(!w.bytes.contains { $0 < 0x20 && $0 != 0x09 && $0 != 0x0A })
    }

    @Test func pieces_matchElement() {
        var pieces = XMLWriter()
        pieces.markup("<ETag>&quot;")
        pieces.text("é€😀&x")
        pieces.markup("&quot;</ETag>")
        var element = XMLWriter()
        element.element("ETag", "\"é€😀&x\"")
        #expect(pieces.bytes == element.bytes)
    }

    @Test func decimal_writesEveryMagnitude() {
        for n: Int64 in [0, 7, 10, 99, 100, 5_242_880, 1_000_000_000_000, -1, -120, .max, .min] {
            var w = XMLWriter()
            w.decimal(n)
            #expect(w.string == String(n))
        }
    }

    @Test func iso8601_matchesS3Date() {
        for t in [0, 1_700_000_000.123, 1_700_000_000.9999, 951_782_400.5, -1.5, 253_402_300_799.999] {
            let date = Date(timeIntervalSince1970: t)
            var w = XMLWriter()
            w.markup("<T>")
            w.iso8601(date)
            #expect(w.string == "<T>" + S3Date.iso8601(date))
        }
        #expect(S3Date.iso8601(Date(timeIntervalSince1970: 1_700_000_000.123)) == "2023-11-14T22:13:20.123Z")
    }
}
