import Testing
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
}
