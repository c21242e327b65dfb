import Testing
@testable import PailS3

@Suite struct DigestTests {
    @Test func sha256OfEmptyInputIsTheKnownConstant() {
        #expect(sha256([]).hex == SigV4.emptySHA256)
    }

    @Test func md5AndSha1MatchRFCVectors() {
        #expect(md5(Array("abc".utf8)).hex == "900150983cd24fb0d6963f7d28e17f72")
        let d = Digest(.sha1)
        d.update(Array("abc".utf8))
        #expect(d.finalize().hex == "a9993e364706816aba3e25717850c26c9cd0d89d")
    }

    @Test func incrementalUpdatesEqualOneShot() {
        let data = (0..<10_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let d = Digest(.sha256)
        d.update(Array(data[..<1234]))
        data[1234...].withUnsafeBytes { d.update($0) }
        #expect(d.finalize() == sha256(data))
        d.reset()
        d.update(data)
        #expect(d.finalize() == sha256(data))
    }

    @Test func hmacMatchesRFC4231Case2() {
        let mac = HMAC.sha256(key: Array("Jefe".utf8), data: Array("what do ya want for nothing?".utf8))
        #expect(mac.hex == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
        let mac1 = HMAC.sha1(key: Array("Jefe".utf8), data: Array("what do ya want for nothing?".utf8))
        #expect(mac1.hex == "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79")
        #expect(HMAC.sha256(key: [], data: []).count == 32)
    }

    @Test func hmacMatchesRFC4231Case6_keyLongerThanABlockIsHashedFirst() {
        let mac = HMAC.sha256(key: [UInt8](repeating: 0xaa, count: 131),
                              data: Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8))
        #expect(mac.hex == "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54")
        let exact = HMAC.sha256(key: [UInt8](repeating: 0x0b, count: 64), data: Array("x".utf8))
        #expect(exact.count == 32 && exact != HMAC.sha256(key: [UInt8](repeating: 0x0b, count: 63), data: Array("x".utf8)))
    }

    @Test func hexAndBase64RoundTrip() {
        for n in 0..<20 {
            let bytes = (0..<n).map { UInt8(truncatingIfNeeded: $0 &* 97 &+ 13) }
            #expect(base64Decode(bytes.base64) == bytes)
            #expect(hexDecode(bytes.hex) == bytes)
        }
        #expect(Array("foobar".utf8).base64 == "Zm9vYmFy")
        #expect(Array("fo".utf8).base64 == "Zm8=")
        #expect(hexDecode("ABcd") == [0xAB, 0xCD])
    }

    @Test func malformedEncodingsDecodeToNil() {
        #expect(base64Decode("Zm9") == nil)
        #expect(base64Decode("Zm=v") == nil)
        #expect(base64Decode("Zm9=") == nil)      // non-zero padding bits
        #expect(base64Decode("Z!9v") == nil)
        #expect(hexDecode("abc") == nil)
        #expect(hexDecode("zz") == nil)
    }
}
