import Dispatch
import Synchronization
import Testing
@testable import PailS3

@Suite struct HMACKeyTests {
    @Test func preparedKeyMatchesOneShotHMAC_forShortBlockSizedAndLongKeys() {
        let data = Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8)
        #expect(HMACKey(.sha256, key: [UInt8](repeating: 0xaa, count: 131)).mac(data).hex
                == "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54")
        #expect(HMACKey(.sha256, key: Array("Jefe".utf8)).mac(Array("what do ya want for nothing?".utf8)).hex
                == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
        for keyLength in [0, 1, 32, 63, 64, 65, 200] {
            let key = (0..<keyLength).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ 1) }
            for message in [[], data, [UInt8](repeating: 0x5A, count: 1000)] {
                #expect(HMACKey(.sha256, key: key).mac(message) == HMAC.sha256(key: key, data: message), "key \(keyLength)")
                #expect(HMACKey(.sha1, key: key).mac(message) == HMAC.sha1(key: key, data: message), "key \(keyLength)")
            }
        }
    }

    @Test func preparedKeyGivesTheSameMAC_whenReusedAndSharedAcrossThreads() {
        let key = HMACKey(.sha256, key: Array("signing key".utf8))
        let expected = (0..<64).map { HMAC.sha256(key: Array("signing key".utf8), data: [UInt8]("message \($0)".utf8)) }
        let work = Digest(.sha256)
        for (i, want) in expected.enumerated() {
            var out = [UInt8](repeating: 0, count: 32)
            let n = [UInt8]("message \(i)".utf8).withUnsafeBytes { data in
                out.withUnsafeMutableBytes { key.mac(data, into: $0, using: work) }
            }
            #expect(n == 32 && out == want)
        }
        let results = SendableBox([[UInt8]](repeating: [], count: 64))
        DispatchQueue.concurrentPerform(iterations: 64) { i in
            results.set(i, key.mac([UInt8]("message \(i)".utf8)))
        }
        #expect(results.values == expected)
    }

    @Test func signingKeyCache_hmacKeyHoldsTheSigningKey() {
        let cache = SigningKeyCache()
        let key = cache.hmacKey(secret: "s", date: "20130524", region: "us-east-1", service: "s3")
        #expect(key.bytes == SigV4.signingKey(secret: "s", date: "20130524", region: "us-east-1", service: "s3"))
        #expect(cache.hmacKey(secret: "s", date: "20130524", region: "us-east-1", service: "s3") === key)
    }

    @Test func signingKeyCache_alternatingScopes_getTheirOwnKeys() {
        let cache = SigningKeyCache(capacity: 2)
        let scopes = [("s", "20130524", "us-east-1", "s3"), ("s", "20130524", "us-east-1", "sts"),
                      ("s", "20130525", "us-east-1", "s3"), ("t", "20130524", "us-east-1", "s3"), ("s", "20130524", "eu-west-1", "s3")]
        for round in 0..<3 {
            for (secret, date, region, service) in scopes + scopes.reversed() {
                #expect(cache.key(secret: secret, date: date, region: region, service: service)
                        == SigV4.signingKey(secret: secret, date: date, region: region, service: service), "round \(round)")
            }
        }
        #expect(cache.count <= 2)
    }
}

/// Results written from `concurrentPerform`, one slot per iteration, under a Mutex.
final class SendableBox: Sendable {
    private let slots: Mutex<[[UInt8]]>
    init(_ slots: [[UInt8]]) { self.slots = Mutex(slots) }
    func set(_ i: Int, _ value: [UInt8]) { slots.withLock { $0[i] = value } }
    var values: [[UInt8]] { slots.withLock { $0 } }
}
