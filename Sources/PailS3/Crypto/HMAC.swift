import COpenSSL

/// One-shot HMAC (RFC 2104) built on OpenSSL's EVP digests.
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

    static func mac(_ algorithm: DigestAlgorithm, key: [UInt8], data: UnsafeRawBufferPointer) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: algorithm.length) { out, count in
            count = mac(key: key, data: data, into: UnsafeMutableRawBufferPointer(out), using: Digest(algorithm))
        }
    }

    /// RFC 2104 over a fetched EVP digest, written to `out` (room for the digest's length, which is
    /// returned). `digest` does the hashing: it must be freshly started (new or `reset()`) and is left
    /// finalized.
    /// OpenSSL 3's one-shot `HMAC()` fetches the HMAC implementation and builds MAC contexts on every
    /// call: about 26 000 instructions for one SigV4 signature in the callgrind profile of a
    /// presigned GET, against a few thousand for two digests.
    static func mac(key: [UInt8], data: UnsafeRawBufferPointer, into out: UnsafeMutableRawBufferPointer,
                    using digest: Digest) -> Int {
        let blockSize = 64  // MD5, SHA-1 and SHA-256 all use 64-byte blocks
        return withUnsafeTemporaryAllocation(byteCount: blockSize, alignment: 8) { block in
            block.initializeMemory(as: UInt8.self, repeating: 0)
            if key.count > blockSize {
                digest.update(key)
                digest.finalize(into: block)
                digest.reset()
            } else {
                key.withUnsafeBytes { block.copyMemory(from: $0) }
            }
            for i in 0..<blockSize { block[i] ^= 0x36 }
            digest.update(UnsafeRawBufferPointer(block))
            digest.update(data)
            let length = digest.finalize(into: out)
            digest.reset()
            for i in 0..<blockSize { block[i] ^= 0x36 ^ 0x5C }
            digest.update(UnsafeRawBufferPointer(block))
            digest.update(UnsafeRawBufferPointer(rebasing: out[0..<length]))
            return digest.finalize(into: out)
        }
    }
}
