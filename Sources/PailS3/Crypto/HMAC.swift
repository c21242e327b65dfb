import COpenSSL

/// One-shot HMAC (RFC 2104) built on OpenSSL's EVP digests.
public enum HMAC {
    /// HMAC-SHA256 of `data` under `key` (32 bytes). Empty key and data are allowed.
    public static func sha256(key: [UInt8], data: [UInt8]) -> [UInt8] { mac(.sha256, key: key, data: data) }

    /// HMAC-SHA1 of `data` under `key` (20 bytes); SigV2 uses it.
    public static func sha1(key: [UInt8], data: [UInt8]) -> [UInt8] { mac(.sha1, key: key, data: data) }

    /// HMAC-SHA256 of a string's UTF-8 bytes, without copying them into an array first.
    static func sha256(key: [UInt8], string: String) -> [UInt8] {
        var s = string
        return s.withUTF8 { utf8 in
            mac(.sha256, key: key, data: UnsafeRawBufferPointer(utf8))
        }
    }

    static func mac(_ algorithm: DigestAlgorithm, key: [UInt8], data: [UInt8]) -> [UInt8] {
        data.withUnsafeBytes { mac(algorithm, key: key, data: $0) }
    }

    /// RFC 2104 over a fetched EVP digest. OpenSSL 3's one-shot `HMAC()` fetches the HMAC
    /// implementation and builds MAC contexts on every call: about 26 000 instructions for one SigV4
    /// signature in the callgrind profile of a presigned GET, against a few thousand for two digests.
    static func mac(_ algorithm: DigestAlgorithm, key: [UInt8], data: UnsafeRawBufferPointer) -> [UInt8] {
        let blockSize = 64  // MD5, SHA-1 and SHA-256 all use 64-byte blocks
        let digest = Digest(algorithm)
        var block = [UInt8](repeating: 0, count: blockSize)
        if key.count > blockSize {
            digest.update(key)
            let hashed = digest.finalize()
            digest.reset()
            block.replaceSubrange(0..<hashed.count, with: hashed)
        } else {
            block.replaceSubrange(0..<key.count, with: key)
        }
        for i in 0..<blockSize { block[i] ^= 0x36 }
        digest.update(block)
        digest.update(data)
        let inner = digest.finalize()
        digest.reset()
        for i in 0..<blockSize { block[i] ^= 0x36 ^ 0x5C }
        digest.update(block)
        digest.update(inner)
        return digest.finalize()
    }
}
