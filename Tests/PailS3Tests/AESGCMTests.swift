import Testing
@testable import PailS3

@Suite struct AESGCMTests {
    /// NIST GCM test vector (gcmEncryptExtIV256.rsp, Count 0 with 128-bit plaintext, AAD and tag).
    @Test func seal_matchesTheNISTVector_andOpenReversesIt() throws {
        let key = hexDecode("92e11dcdaa866f5ce790fd24501f92509aacf4cb8b1339d50c9c1240935dd08b")!
        let nonce = hexDecode("ac93a1a6145299bde902f21a")!
        let plaintext = hexDecode("2d71bcfa914e4ac045b2aa60955fad24")!
        let aad = hexDecode("1e0889016f67601c8ebea4943bc23ad6")!
        let sealed = AESGCM(key: key, encrypting: true).seal(nonce: nonce, aad: aad, plaintext)
        #expect(sealed.hex == "8995ae2e6df3dbf96fac7b7137bae67f" + "eca5aa77d51d4a0a14d9c51e1da474ab")
        #expect(AESGCM(key: key, encrypting: false).open(nonce: nonce, aad: aad, sealed) == plaintext)
    }

    @Test func open_anyChangedByteOrAAD_fails() {
        let key = [UInt8](repeating: 7, count: 32), nonce = [UInt8](repeating: 1, count: 12)
        let sealed = AESGCM(key: key, encrypting: true).seal(nonce: nonce, aad: [1, 2], Array("secret".utf8))
        let opener = AESGCM(key: key, encrypting: false)
        for i in sealed.indices {
            var bad = sealed
            bad[i] ^= 0x40
            #expect(opener.open(nonce: nonce, aad: [1, 2], bad) == nil)
        }
        #expect(opener.open(nonce: nonce, aad: [1, 3], sealed) == nil)
        #expect(opener.open(nonce: nonce, aad: [1, 2], sealed) == Array("secret".utf8))
    }
}
