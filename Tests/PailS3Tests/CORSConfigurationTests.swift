import Foundation
import Testing
@testable import PailS3

@Suite struct CORSConfigurationTests {
    static func parse(_ rules: String) throws -> CORSConfiguration {
        try CORSConfiguration.parse(Array(#"<CORSConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/">"#.utf8) + Array(rules.utf8) + Array("</CORSConfiguration>".utf8))
    }

    static func error(_ rules: String) -> S3Error? {
        do { _ = try parse(rules); return nil } catch let e as S3Error { return e } catch { return nil }
    }

    static let example = """
        <CORSRule><ID>web</ID><AllowedOrigin>http://www.example.com</AllowedOrigin><AllowedOrigin>https://*.example.org</AllowedOrigin>
        <AllowedMethod>PUT</AllowedMethod><AllowedMethod>POST</AllowedMethod><AllowedHeader>x-amz-*</AllowedHeader><AllowedHeader>Content-Type</AllowedHeader>
        <ExposeHeader>ETag</ExposeHeader><MaxAgeSeconds>3000</MaxAgeSeconds></CORSRule>
        <CORSRule><AllowedOrigin>*</AllowedOrigin><AllowedMethod>GET</AllowedMethod></CORSRule>
        """

    @Test func parse_andRenderBack() throws {
        let c = try Self.parse(Self.example)
        #expect(c.rules == [
            CORSRule(id: "web", allowedOrigins: ["http://www.example.com", "https://*.example.org"], allowedMethods: ["PUT", "POST"],
                     allowedHeaders: ["x-amz-*", "Content-Type"], exposeHeaders: ["ETag"], maxAgeSeconds: 3000),
            CORSRule(allowedOrigins: ["*"], allowedMethods: ["GET"]),
        ])
        #expect(try CORSConfiguration.parse(c.xmlBody()) == c)
        #expect(String(decoding: c.xmlBody(), as: UTF8.self).hasPrefix(#"<?xml version="1.0" encoding="UTF-8"?><CORSConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><CORSRule><AllowedHeader>x-amz-*</AllowedHeader>"#))
    }

    @Test func parse_schemaBreaks_areMalformedXML() {
        let rule = "<AllowedOrigin>*</AllowedOrigin><AllowedMethod>GET</AllowedMethod>"
        for body in ["", "<CORSRule><AllowedMethod>GET</AllowedMethod></CORSRule>", "<CORSRule><AllowedOrigin>*</AllowedOrigin></CORSRule>",
                     "<CORSRule>\(rule)<Bogus/></CORSRule>", "<CORSRule>\(rule)<MaxAgeSeconds>soon</MaxAgeSeconds></CORSRule>",
                     "<CORSRule>\(rule)<ID>a</ID><ID>b</ID></CORSRule>", "<Rule>\(rule)</Rule>",
                     String(repeating: "<CORSRule>\(rule)</CORSRule>", count: 101)] {
            #expect(Self.error(body)?.code == "MalformedXML", "\(body.prefix(80))")
        }
        #expect(throws: S3Error.self) { try CORSConfiguration.parse(Array("<CORSConfiguration>".utf8)) }
        #expect(Self.error(String(repeating: "<CORSRule>\(rule)</CORSRule>", count: 100)) == nil)
    }

    @Test func parse_badValues_areInvalidRequest() {
        let cases: [(String, String)] = [
            ("<AllowedOrigin>*</AllowedOrigin><AllowedMethod>PATCH</AllowedMethod>",
             "Found unsupported HTTP method in CORS config. Unsupported method is PATCH"),
            ("<AllowedOrigin>*</AllowedOrigin><AllowedMethod>get</AllowedMethod>",
             "Found unsupported HTTP method in CORS config. Unsupported method is get"),
            ("<AllowedOrigin>https://*.example.*</AllowedOrigin><AllowedMethod>GET</AllowedMethod>",
             #"AllowedOrigin "https://*.example.*" can not have more than one wildcard."#),
            ("<AllowedOrigin>*</AllowedOrigin><AllowedMethod>GET</AllowedMethod><AllowedHeader>x-*-*</AllowedHeader>",
             #"AllowedHeader "x-*-*" can not have more than one wildcard."#),
            ("<AllowedOrigin>*</AllowedOrigin><AllowedMethod>GET</AllowedMethod><ExposeHeader>x-amz-*</ExposeHeader>",
             #"ExposeHeader "x-amz-*" contains wildcard. We currently do not support wildcard for ExposeHeader."#),
        ]
        for (rule, message) in cases {
            let e = Self.error("<CORSRule>\(rule)</CORSRule>")
            #expect(e?.code == "InvalidRequest")
            #expect(e?.status == 400)
            #expect(e?.message == message)
        }
    }

    @Test func match_firstRuleAllowingOriginMethodAndHeaders() throws {
        let c = try Self.parse(Self.example)
        #expect(c.match(origin: "http://www.example.com", method: "PUT")?.rule.id == "web")
        #expect(c.match(origin: "https://a.b.example.org", method: "POST", requestHeaders: ["x-amz-meta-a", "content-type"])?.origin == "https://*.example.org")
        // Headers match case-insensitively; origins and methods exactly.
        #expect(c.match(origin: "http://www.example.com", method: "PUT", requestHeaders: ["X-AMZ-DATE", "CONTENT-TYPE"]) != nil)
        #expect(c.match(origin: "http://www.example.com", method: "PUT", requestHeaders: ["authorization"]) == nil)
        #expect(c.match(origin: "http://WWW.example.com", method: "PUT") == nil)
        #expect(c.match(origin: "http://www.example.com", method: "put") == nil)
        #expect(c.match(origin: "https://example.org", method: "PUT") == nil)  // the wildcard needs the dot
        // Falls through to the catch-all rule for GET, which allows no request headers.
        #expect(c.match(origin: "http://elsewhere", method: "GET")?.origin == "*")
        #expect(c.match(origin: "http://elsewhere", method: "GET", requestHeaders: ["x-custom"]) == nil)
        #expect(c.match(origin: "http://elsewhere", method: "DELETE") == nil)
    }

    @Test func wildcard_matchesAnyRunIncludingNone() {
        #expect(CORSRule.wildcardMatch("*", "", caseInsensitive: false))
        #expect(CORSRule.wildcardMatch("http://*:8080", "http://localhost:8080", caseInsensitive: false))
        #expect(!CORSRule.wildcardMatch("http://*:8080", "http://localhost:8081", caseInsensitive: false))
        #expect(CORSRule.wildcardMatch("ab*ba", "abba", caseInsensitive: false))
        #expect(!CORSRule.wildcardMatch("ab*ba", "aba", caseInsensitive: false))
        #expect(CORSRule.wildcardMatch("X-Amz-*", "x-amz-date", caseInsensitive: true))
    }
}
