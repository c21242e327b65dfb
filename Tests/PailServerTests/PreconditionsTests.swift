import Foundation
import Testing
import PailHTTP
import PailS3
@testable import PailServer

@Suite struct PreconditionsTests {
    let etag = "abc"
    let modified = Date(timeIntervalSince1970: 1_700_000_000)

    func code(_ p: Preconditions) -> String? {
        do {
            try p.evaluate(etag: etag, lastModified: modified, headers: HTTPHeaders())
            return nil
        } catch let e as S3Error {
            return e.code
        } catch { return "other" }
    }

    @Test func ifMatchMismatchFailsWith412() {
        #expect(code(Preconditions(ifMatch: "\"zzz\"", ifNoneMatch: nil, ifModifiedSince: nil, ifUnmodifiedSince: nil)) == "PreconditionFailed")
        #expect(code(Preconditions(ifMatch: "\"abc\"", ifNoneMatch: nil, ifModifiedSince: nil, ifUnmodifiedSince: nil)) == nil)
        #expect(code(Preconditions(ifMatch: "*", ifNoneMatch: nil, ifModifiedSince: nil, ifUnmodifiedSince: nil)) == nil)
    }

    @Test func ifNoneMatchMatchingGives304() {
        #expect(code(Preconditions(ifMatch: nil, ifNoneMatch: "\"abc\"", ifModifiedSince: nil, ifUnmodifiedSince: nil)) == "NotModified")
        #expect(code(Preconditions(ifMatch: nil, ifNoneMatch: "\"x\", \"abc\"", ifModifiedSince: nil, ifUnmodifiedSince: nil)) == "NotModified")
    }

    @Test func ifMatchTrueOverridesFalseIfUnmodifiedSince() {
        let earlier = modified.addingTimeInterval(-3600)
        #expect(code(Preconditions(ifMatch: "abc", ifNoneMatch: nil, ifModifiedSince: nil, ifUnmodifiedSince: earlier)) == nil)
        #expect(code(Preconditions(ifMatch: nil, ifNoneMatch: nil, ifModifiedSince: nil, ifUnmodifiedSince: earlier)) == "PreconditionFailed")
    }

    @Test func ifNoneMatchFalseOverridesIfModifiedSince() {
        let later = modified.addingTimeInterval(3600)
        #expect(code(Preconditions(ifMatch: nil, ifNoneMatch: "\"x\"", ifModifiedSince: later, ifUnmodifiedSince: nil)) == nil)
        #expect(code(Preconditions(ifMatch: nil, ifNoneMatch: nil, ifModifiedSince: later, ifUnmodifiedSince: nil)) == "NotModified")
        #expect(code(Preconditions(ifMatch: nil, ifNoneMatch: nil, ifModifiedSince: modified.addingTimeInterval(-1), ifUnmodifiedSince: nil)) == nil)
    }
}
