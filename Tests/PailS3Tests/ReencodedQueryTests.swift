import Testing
@testable import PailS3

/// `URIEncoding.reencodedQuery` (bytes in place) against the plain String version it replaced in the
/// gateway: split on `&`, decode each name and value once, fall back to the text as written, encode.
@Suite struct ReencodedQueryTests {
    static func reference(_ raw: String, dropping names: Set<String>) -> String {
        var out = ""
        for part in raw.split(separator: "&", omittingEmptySubsequences: true) {
            let eq = part.firstIndex(of: "=")
            let rawName = eq.map { part[..<$0] } ?? part
            let name = URIEncoding.percentDecode(rawName) ?? String(rawName)
            if names.contains(name) { continue }
            if !out.isEmpty { out += "&" }
            out += URIEncoding.encode(name, encodeSlash: true)
            if let eq {
                let rawValue = part[part.index(after: eq)...]
                out += "=" + URIEncoding.encode(URIEncoding.percentDecode(rawValue) ?? String(rawValue), encodeSlash: true)
            }
        }
        return out
    }

    static func reencoded(_ raw: String, dropping names: Set<String>) -> String {
        URIEncoding.reencodedQuery(raw) { names.contains(String(decoding: $0, as: UTF8.self)) }
    }

    @Test func matchesTheReference_onAwkwardQueries() {
        for raw in CanonicalBytesTests.awkwardQueries {
            for names: Set<String> in [[], ["a", "X-Amz-Signature"], ["k", "ü"]] {
                #expect(Self.reencoded(raw, dropping: names) == Self.reference(raw, dropping: names), "\(raw)")
            }
        }
    }

    @Test func matchesTheReference_onRandomQueries() {
        let tokens = ["a", "B", "k", "=", "&", "&&", "+", " ", "/", "%", "%2", "%2f", "%2B", "%2b", "%41", "%25",
                      "%C3%A9", "%c3", "%FF", "%zz", "é", "€", "X-Amz-Signature", "\u{7F}"]
        var rng = SplitMix(seed: 0x7265_656E)
        for _ in 0..<3000 {
            var raw = ""
            for _ in 0..<rng.next(below: 14) { raw += tokens[rng.next(below: tokens.count)] }
            #expect(Self.reencoded(raw, dropping: ["a", "X-Amz-Signature"]) == Self.reference(raw, dropping: ["a", "X-Amz-Signature"]),
                    "\(raw)")
        }
    }

    @Test func spellsEachCharacterOneWay() {
        #expect(Self.reencoded("x=a+b&x=a%2Bb&x=a%2bb&p=a/b&e=%zz&&q", dropping: []) == "x=a%2Bb&x=a%2Bb&x=a%2Bb&p=a%2Fb&e=%25zz&q")
        #expect(Self.reencoded("X-Amz-Signature=s&k=%41", dropping: ["X-Amz-Signature"]) == "k=A")
    }
}
