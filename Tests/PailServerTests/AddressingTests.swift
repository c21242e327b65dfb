import Testing
import PailS3
@testable import PailServer

@Suite struct AddressingTests {
    let addressing = Addressing(domain: "localhost")

    @Test func pathStyleSplitsBucketAndKeyWithoutNormalising() throws {
        let (bucket, key) = try addressing.resolve(host: "127.0.0.1:9000", rawPath: "/b/a//..%2Fc%20d")
        #expect(bucket == "b")
        #expect(key == "a//../c d")
    }

    @Test func virtualHostStyleTakesBucketFromHost() throws {
        let (bucket, key) = try addressing.resolve(host: "photos.localhost:9000", rawPath: "/x/y.jpg")
        #expect(bucket == "photos")
        #expect(key == "x/y.jpg")
    }

    @Test func bareDomainIsPathStyle() throws {
        let (bucket, key) = try addressing.resolve(host: "localhost:9000", rawPath: "/photos")
        #expect(bucket == "photos")
        #expect(key == nil)
    }

    @Test func serviceRootHasNoBucket() throws {
        let (bucket, key) = try addressing.resolve(host: "localhost", rawPath: "/")
        #expect(bucket == nil && key == nil)
    }

    @Test func badPercentEscapeIsRejected() {
        #expect(throws: (any Error).self) { try addressing.resolve(host: nil, rawPath: "/b/%zz") }
    }

    @Test func pathIsDecodedBeforeItIsSplit() throws {
        let (bucket, key) = try addressing.resolve(host: nil, rawPath: "/b%2Fc/k%0D%0A")
        #expect(bucket == "b" && key == "c/k\r\n")
    }

    @Test func pathWithoutLeadingSlashIsRejected() {
        #expect(throws: S3Error.self) { try addressing.resolve(host: nil, rawPath: "b/k") }
        #expect(throws: S3Error.self) { try addressing.resolve(host: nil, rawPath: "") }
        #expect(throws: S3Error.self) { try addressing.resolve(host: nil, rawPath: "b/%zz") }
    }

    @Test func utf8KeysRawOrEscapedAreDecodedOnce() throws {
        #expect(try addressing.resolve(host: nil, rawPath: "/b/caf\u{E9}/%C3%A9").key == "caf\u{E9}/\u{E9}")
        #expect(try addressing.resolve(host: nil, rawPath: "/b/caf%C3%A9").key == "caf\u{E9}")
        #expect(throws: S3Error.self) { try addressing.resolve(host: nil, rawPath: "/b/%C3") }
    }

    /// Not ASCII, so the String path decides, with Character semantics: a combining mark joins the `/`
    /// before it into one Character, which then neither separates nor is dropped as the leading slash.
    @Test func combiningMarkAfterSlashKeepsCharacterSemantics() throws {
        let (bucket, key) = try addressing.resolve(host: nil, rawPath: "/b/%CC%81k")
        #expect(bucket == "b/\u{301}k" && key == nil)
        #expect(throws: S3Error.self) { try addressing.resolve(host: nil, rawPath: "/\u{301}b") }
    }

    @Test func virtualHostLabelIsLowerCasedAndNeedsALabel() {
        #expect(addressing.virtualHostBucket("Photos.LocalHost:9000") == "photos")
        #expect(addressing.virtualHostBucket("a.b.localhost") == "a.b")
        #expect(addressing.virtualHostBucket(".localhost") == nil)
        #expect(addressing.virtualHostBucket("xlocalhost") == nil)
        #expect(addressing.virtualHostBucket("[::1]:9000") == nil)
        #expect(addressing.virtualHostBucket("b.localhost:") == "b")
        #expect(Addressing(domain: nil).virtualHostBucket("b.localhost") == nil)
        // Non-ASCII hosts are lower-cased as Unicode, as before.
        #expect(addressing.virtualHostBucket("\u{C9}t\u{C9}.localhost") == "\u{E9}t\u{E9}")
    }
}
