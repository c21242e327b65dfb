import Testing
@testable import PailHTTP

/// The head parser on its own: line splitting by `memchr`, the order in which faults are reported, and
/// the path and query split of the target.
@Suite struct HTTPHeadParserTests {
    private func parse(_ text: String, maxHeaderCount: Int = 10) throws -> HTTPRequestHead {
        try Array(text.utf8).withUnsafeBytes { try HTTPHeadParser.parse($0, maxHeaderCount: maxHeaderCount) }
    }

    private func failure(_ text: String, maxHeaderCount: Int = 10) -> HeadStatusError? {
        do { _ = try parse(text, maxHeaderCount: maxHeaderCount); return nil } catch { return error as? HeadStatusError }
    }

    @Test func crlfAndBareLFLinesBothEnd() throws {
        let h = try parse("GET /a?b HTTP/1.0\nHost: h\r\nX:  v w \t\n")
        #expect(h.method == "GET" && h.target == "/a?b" && h.version == "HTTP/1.0")
        #expect(h.headers.fields.map(\.name) == ["Host", "X"])
        #expect(h.headers["x"] == "v w")
    }

    @Test func lastLineWithoutLFKeepsItsCR() throws {
        #expect(try parse("GET / HTTP/1.1\nHost: h").headers["Host"] == "h")
        #expect(failure("GET / HTTP/1.1\nHost: h\r")?.reason == "invalid byte in field value")
        #expect(failure("GET / HTTP/1.1\r")?.reason == "bare CR in request line")
    }

    @Test func tooManyFieldsIsReportedBeforeABadRequestLine() {
        #expect(failure("BAD\nA: 1\nB: 2\n", maxHeaderCount: 1)?.status == 431)
        #expect(failure("BAD\nA: 1\n", maxHeaderCount: 1)?.reason == "malformed request line")
    }

    @Test(arguments: [
        ("", "empty request"),
        ("\n", "malformed request line"),
        ("GET /\tx HTTP/1.1\n", "invalid request target"),
        ("GET /\u{7F} HTTP/1.1\n", "invalid request target"),
        ("GET  HTTP/1.1\n", "invalid request target"),
        ("GET / HTTP/1.1 \n", "malformed HTTP version"),
        ("GET / HTTP/1.x\n", "malformed HTTP version"),
        ("GET / http/1.1\n", "malformed HTTP version"),
        ("GET / HTTP/1.2\n", "HTTP version not supported"),
        ("GE\rT / HTTP/1.1\n", "bare CR in request line"),
        ("GET / HTTP/1.1\n\n", "empty field line"),
        ("GET / HTTP/1.1\nA: \u{0}\n", "invalid byte in field value"),
        ("GET / HTTP/1.1\n\tA: b\n", "obsolete line folding"),
        ("GET / HTTP/1.1\nA\u{80}: b\n", "invalid field name"),
    ])
    func malformedHeadNamesItsFirstFault(text: String, reason: String) {
        #expect(failure(text)?.reason == reason)
    }

    @Test func rawUTF8InTargetAndValuesIsKept() throws {
        let h = try parse("GET /caf\u{E9}?q=\u{E9} HTTP/1.1\nX: \u{E9}\n")
        #expect(h.rawPath == "/caf\u{E9}" && h.rawQuery == "q=\u{E9}")
        #expect(h.headers["X"] == "\u{E9}")
    }

    @Test func pathAndQuerySplitAtTheFirstQuestionMark() {
        func head(_ target: String) -> HTTPRequestHead { HTTPRequestHead(method: "GET", target: target, headers: HTTPHeaders()) }
        #expect(head("/b/k").rawPath == "/b/k" && head("/b/k").rawQuery == "")
        #expect(head("/b/k?").rawPath == "/b/k" && head("/b/k?").rawQuery == "")
        #expect(head("?a?b").rawPath == "" && head("?a?b").rawQuery == "a?b")
        var h = head("/x?1")
        h.target = "/yy/z?22"
        #expect(h.rawPath == "/yy/z" && h.rawQuery == "22")
    }

    @Test func tokenBytesAreExactlyTchar() {
        let tchar = Set("!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ".utf8)
        for b in 0...255 { #expect(HTTPTokens.isTchar(UInt8(b)) == tchar.contains(UInt8(b)), "byte \(b)") }
    }

    @Test func targetBytesRefuseControlsSpaceAndDELOnly() {
        for b in 0...255 {
            let ok = [UInt8(b)].withUnsafeBytes { HTTPTokens.areTargetBytes($0) }
            #expect(ok == (b > 0x20 && b != 0x7F), "byte \(b)")
        }
    }
}
