import Foundation
import Testing
@testable import PailFaults

@Suite struct FaultMatchTests {
    @Test func emptyMatchMatchesEverything() {
        #expect(FaultMatch().matches(T.request(bucket: nil, key: nil, service: "imds", accessKey: nil)))
    }

    @Test func serviceMatchesCaseInsensitively() {
        let m = FaultMatch(service: "STS")
        #expect(m.matches(T.request("AssumeRole", service: "sts")))
        #expect(!m.matches(T.request()))
    }

    @Test func operationsMatchAnyOfTheList() {
        let m = FaultMatch(operations: ["PutObject", "uploadpart"])
        #expect(m.matches(T.request("PutObject")))
        #expect(m.matches(T.request("UploadPart")))
        #expect(!m.matches(T.request("GetObject")))
    }

    @Test func methodsMatchCaseInsensitively() {
        let m = FaultMatch(methods: ["put", "POST"])
        #expect(m.matches(T.request(method: "PUT")))
        #expect(!m.matches(T.request(method: "GET")))
    }

    @Test func bucketMustBeExactAndPresent() {
        let m = FaultMatch(bucket: "photos")
        #expect(m.matches(T.request(bucket: "photos")))
        #expect(!m.matches(T.request(bucket: "photos2")))
        #expect(!m.matches(T.request(bucket: nil)))
    }

    @Test func keyPrefixNeedsAKeyWithThatPrefix() {
        let m = FaultMatch(keyPrefix: "logs/")
        #expect(m.matches(T.request(key: "logs/2026/a")))
        #expect(!m.matches(T.request(key: "Logs/a")))
        #expect(!m.matches(T.request(key: nil)))
    }

    @Test(arguments: [
        ("*.jpg", "a/b/c.jpg", true), ("*.jpg", "a.jpeg", false), ("a/*/c", "a/x/y/c", true),
        ("file?.txt", "file1.txt", true), ("file?.txt", "file10.txt", false), ("*", "", true),
        ("", "", true), ("", "a", false), ("a*b*c", "aXXbYYc", true), ("a*b*c", "aXXbYY", false),
        ("?é", "xé", true), ("**x", "abx", true), ("photos/*", "photos/", true), ("*a", "bbb", false),
    ])
    func keyGlobMatchesWholeKey(_ pattern: String, _ key: String, _ expected: Bool) {
        #expect(FaultMatch(keyGlob: pattern).matches(T.request(key: key)) == expected)
    }

    @Test func accessKeyMustBeExact() {
        let m = FaultMatch(accessKey: "AKIA1")
        #expect(m.matches(T.request(accessKey: "AKIA1")))
        #expect(!m.matches(T.request(accessKey: "AKIA2")))
        #expect(!m.matches(T.request(accessKey: nil)))
    }

    @Test func headerNameIsCaseInsensitiveAndValueExact() {
        let m = FaultMatch(header: FaultHeaderMatch(name: "X-Test", value: "On"))
        #expect(m.matches(T.request(headers: [("a", "b"), ("x-test", "On")])))
        #expect(!m.matches(T.request(headers: [("x-test", "on")])))
        #expect(!m.matches(T.request()))
    }

    @Test func allGivenFieldsMustHold() {
        let m = FaultMatch(operations: ["PutObject"], bucket: "b", keyPrefix: "k")
        #expect(m.matches(T.request("PutObject", method: "PUT", bucket: "b", key: "k1")))
        #expect(!m.matches(T.request("PutObject", method: "PUT", bucket: "c", key: "k1")))
    }

    @Test func jsonAcceptsSingularShorthandsAndEncodesPlural() throws {
        let m = try T.decode(FaultMatch.self, #"{"operation":"PutObject","method":"PUT","header":{"name":"h","value":"v"}}"#)
        #expect(m == FaultMatch(operations: ["PutObject"], methods: ["PUT"], header: FaultHeaderMatch(name: "h", value: "v")))
        #expect(try T.roundTrip(m) == m)
        let json = String(decoding: try JSONEncoder().encode(m), as: UTF8.self)
        #expect(json.contains("\"operations\""))
    }

    @Test func jsonRejectsUnknownFieldsSoTyposDoNotMatchEverything() {
        let message = T.decodeError(FaultMatch.self, #"{"opertions":["PutObject"]}"#)
        #expect(message?.contains("unknown field \"opertions\"") == true)
        #expect(T.decodeError(FaultMatch.self, #"{"operation":"A","operations":["B"]}"#)?.contains("not both") == true)
    }
}
