import COpenSSL

/// One-shot HMAC (RFC 2104) built on OpenSSL's EVP digests. A key used for many messages is cheaper
/// as an `HMACKey`.
public enum HMAC {
    /// HMAC-SHA256 of `data` under `key` (32 bytes). Empty key and data are allowed.
    public static func sha256(key: [UInt8], data: [UInt8]) -> [UInt8] { mac(.sha256, key: key, data: data) }

    /// HMAC-SHA1 of `data` under `key` (20 bytes); SigV2 uses it.
    public static func sha1(key: [UInt8], data: [UInt8]) -> [UInt8] { mac(.sha1, key: key, data: data) }

    /// HMAC-SHA256 of a string's UTF-8 bytes, without copying them into an array first.
    static func sha256(key: [UInt8], string: String) -> [UInt8] {
        withUTF8Bytes(string) { mac(.sha256, key: key, data: UnsafeRawBufferPointer($0)) }
    }

    static func mac(_ algorithm: DigestAlgorithm, key: [UInt8], data: [UInt8]) -> [UInt8] {
        data.withUnsafeBytes { mac(algorithm, key: key, data: $0) }
    }

    /// RFC 2104 over a fetched EVP digest. OpenSSL 3's one-shot `HMAC()` fetches the HMAC
    /// implementation and builds MAC contexts on every call: about 26 000 instructions for one SigV4
    /// signature in the callgrind profile of a presigned GET, against a few thousand for two digests.
    static func mac(_ algorithm: DigestAlgorithm, key: [UInt8], data: UnsafeRawBufferPointer) -> [UInt8] {
        let inner = Digest(algorithm), outer = Digest(algorithm)
        absorbPads(key: key, inner: inner, outer: outer)
        inner.update(data)
        return [UInt8](unsafeUninitializedCapacity: algorithm.length) { out, count in
            let raw = UnsafeMutableRawBufferPointer(out)
            let length = inner.finalize(into: raw)
            outer.update(UnsafeRawBufferPointer(rebasing: raw[0..<length]))
            count = outer.finalize(into: raw)
        }
    }

    /// Feeds `K ⊕ ipad` to `inner` and `K ⊕ opad` to `outer` (both freshly started), where K is `key`
    /// zero-padded to the block, or its digest when longer than a block (RFC 2104 §2).
    static func absorbPads(key: [UInt8], inner: Digest, outer: Digest) {
        let blockSize = 64  // MD5, SHA-1 and SHA-256 all use 64-byte blocks
        withUnsafeTemporaryAllocation(byteCount: blockSize, alignment: 8) { block in
            block.initializeMemory(as: UInt8.self, repeating: 0)
            if key.count > blockSize {
                inner.update(key)
                inner.finalize(into: block)
                inner.reset()
            } else {
                key.withUnsafeBytes { block.copyMemory(from: $0) }
            }
            for i in 0..<blockSize { block[i] ^= 0x36 }
            inner.update(UnsafeRawBufferPointer(block))
            for i in 0..<blockSize { block[i] ^= 0x36 ^ 0x5C }
            outer.update(UnsafeRawBufferPointer(block))
        }
    }
}
