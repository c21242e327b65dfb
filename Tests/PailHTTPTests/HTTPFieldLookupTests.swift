import Testing
@testable import PailHTTP

/// Header lookups and list fields, on the byte fast paths and where they must fall back to `String`.
@Suite struct HTTPFieldLookupTests {
    @Test func caseInsensitiveEqualsFoldsLettersOnly() {
        #expect("Content-Length".caseInsensitiveEquals("content-LENGTH"))
        #expect(!"Host".caseInsensitiveEquals("Hosts"))
        // '@' and '`', '[' and '{' differ in 0x20 too, but are not letters.
        #expect(!"a@".caseInsensitiveEquals("a`"))
        #expect(!"[".caseInsensitiveEquals("{"))
        #expect(!"é".caseInsensitiveEquals("É"))
        #expect("é".caseInsensitiveEquals("é"))
        #expect("".caseInsensitiveEquals(""))
    }

    @Test func valuesAndCountFindEveryFieldOfAName() {
        let h = HTTPHeaders([("Host", "a"), ("X", "1"), ("host", "b")])
        #expect(h.values("HOST") == ["a", "b"])
        #expect(h.count(of: "Host") == 2)
        #expect(h.count(of: "Y") == 0)
        #expect(h.values("Y").isEmpty)
    }

    @Test func addReservesRoomForATypicalHeadAndSetMovesTheFieldLast() {
        var h = HTTPHeaders()
        h.add("A", "1")
        #expect(h.fields.capacity >= 16)
        h.add("B", "2")
        h.add("a", "3")
        h.set("A", "4")
        #expect(h.fields.map(\.name) == ["B", "A"] && h["a"] == "4")
    }

    @Test(arguments: [
        ("close", true), ("Close", true), (" CLOSE\t", true), ("keep-alive, close", true),
        ("a,,close,", true), ("closed", false), ("clo se", false), ("", false), (",", false),
        ("upgrade,close", true), ("close;x", false),
        // Not ASCII: the String path decides. A combining mark joins the comma before it.
        ("close,\u{301}x", false), ("x,\u{301}close", false), ("é, close", true),
    ])
    func listContainsClose(value: String, expected: Bool) {
        #expect(FieldList.contains(value, token: "close") == expected)
    }

    @Test func kelvinSignLowercasesToKAsTheStringPathDoes() {
        #expect(FieldList.contains("\u{212A}eep-alive", token: "keep-alive"))
        #expect(FieldList.contains("Keep-Alive", token: "keep-alive"))
    }

    @Test func keepAliveFollowsVersionAndEveryConnectionField() {
        func head(_ version: String, _ fields: [(name: String, value: String)]) -> HTTPRequestHead {
            HTTPRequestHead(method: "GET", target: "/", version: version, headers: HTTPHeaders(fields))
        }
        #expect(HTTPConnection.wantsKeepAlive(head("HTTP/1.1", [])))
        #expect(!HTTPConnection.wantsKeepAlive(head("HTTP/1.1", [("Connection", "x"), ("connection", "Close")])))
        #expect(HTTPConnection.wantsKeepAlive(head("HTTP/1.1", [("X-Connection", "close")])))
        #expect(!HTTPConnection.wantsKeepAlive(head("HTTP/1.0", [])))
        #expect(HTTPConnection.wantsKeepAlive(head("HTTP/1.0", [("Connection", "x"), ("Connection", "Keep-Alive")])))
        #expect(!HTTPConnection.wantsKeepAlive(head("HTTP/1.0", [("Connection", "close")])))
    }

    @Test func framingWithoutLengthOrCodingIsEmpty() throws {
        #expect(try RequestFraming.determine(HTTPHeaders([("Host", "h"), ("X-Content-Length", "5")])) == .empty)
        #expect(try RequestFraming.determine(HTTPHeaders([("content-length", "5")])) == .length(5))
        #expect(try RequestFraming.determine(HTTPHeaders([("transfer-encoding", "Chunked")])) == .chunked)
    }
}
