import COpenSSL

/// One-shot HMAC over OpenSSL's `HMAC()` (not deprecated in OpenSSL 3, unlike `HMAC_CTX`).
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

    static func mac(_ algorithm: DigestAlgorithm, key: [UInt8], data: UnsafeRawBufferPointer) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        // HMAC() dereferences neither pointer when its length is 0, but must not get NULL for data.
        var zero: UInt8 = 0
        key.withUnsafeBytes { k in
            withUnsafeMutablePointer(to: &zero) { z in
                let dataPtr = data.baseAddress?.assumingMemoryBound(to: UInt8.self) ?? UnsafePointer(z)
                _ = COpenSSL.HMAC(algorithm.evp, k.baseAddress ?? UnsafeRawPointer(z), Int32(k.count),
                                  dataPtr, data.count, &out, &length)
            }
        }
        out.removeSubrange(Int(length)...)
        return out
    }
}
