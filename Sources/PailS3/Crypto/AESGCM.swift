import COpenSSL

/// AES-256-GCM (NIST SP 800-38D) with one key, over OpenSSL's EVP interface.
///
/// Owns its `EVP_CIPHER_CTX` and frees it in `deinit`. The key schedule is set up once in `init`;
/// each message then only sets its nonce, so sealing many 64 KiB chunks under one key costs one
/// EVP init per chunk, not a key expansion. Not thread-safe: one instance per stream.
///
/// A nonce must never repeat under one key: callers derive a fresh key per stream of chunks and
/// number the chunks (see `ChunkLayout` in PailStorage), or draw a random nonce per message.
public final class AESGCM {
    public static let keyLength = 32
    public static let nonceLength = 12
    public static let tagLength = 16

    private let ctx: OpaquePointer
    private let encrypting: Bool

    /// A context for sealing (`encrypting`) or opening messages under `key` (32 bytes).
    public init(key: [UInt8], encrypting: Bool) {
        precondition(key.count == Self.keyLength, "AES-256-GCM needs a 32-byte key")
        guard let ctx = EVP_CIPHER_CTX_new() else { fatalError("EVP_CIPHER_CTX_new failed: out of memory") }
        self.ctx = ctx
        self.encrypting = encrypting
        let ok = key.withUnsafeBufferPointer { k in
            encrypting ? EVP_EncryptInit_ex(ctx, Self.cipher, nil, k.baseAddress, nil)
                       : EVP_DecryptInit_ex(ctx, Self.cipher, nil, k.baseAddress, nil)
        }
        precondition(ok == 1, "EVP init of AES-256-GCM failed")
    }

    deinit { EVP_CIPHER_CTX_free(ctx) }

    /// Encrypts `plaintext` into `out` (at least as large) and writes the 16-byte tag to `tag`.
    /// `aad` is authenticated, not encrypted. `plaintext` and `out` may be the same memory.
    public func seal(nonce: UnsafeRawBufferPointer, aad: UnsafeRawBufferPointer, plaintext: UnsafeRawBufferPointer,
                     into out: UnsafeMutableRawBufferPointer, tag: UnsafeMutableRawBufferPointer) {
        precondition(encrypting && nonce.count == Self.nonceLength && out.count >= plaintext.count
                     && tag.count >= Self.tagLength)
        var n: Int32 = 0
        var ok = EVP_EncryptInit_ex(ctx, nil, nil, nil, nonce.baseAddress?.assumingMemoryBound(to: UInt8.self))
        if aad.count > 0 {
            ok &= EVP_EncryptUpdate(ctx, nil, &n, aad.baseAddress?.assumingMemoryBound(to: UInt8.self), Int32(aad.count))
        }
        let o = out.baseAddress?.assumingMemoryBound(to: UInt8.self)
        if plaintext.count > 0 {
            ok &= EVP_EncryptUpdate(ctx, o, &n, plaintext.baseAddress?.assumingMemoryBound(to: UInt8.self),
                                    Int32(plaintext.count))
        }
        var m: Int32 = 0
        ok &= EVP_EncryptFinal_ex(ctx, o.map { $0 + Int(n) }, &m)
        ok &= EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_GET_TAG, Int32(Self.tagLength), tag.baseAddress)
        precondition(ok == 1, "AES-256-GCM seal failed")
    }

    /// Decrypts `ciphertext` into `out` (at least as large) if `tag` authenticates it and `aad`;
    /// returns false otherwise, and then `out` holds no usable bytes. May work in place.
    public func open(nonce: UnsafeRawBufferPointer, aad: UnsafeRawBufferPointer, ciphertext: UnsafeRawBufferPointer,
                     tag: UnsafeRawBufferPointer, into out: UnsafeMutableRawBufferPointer) -> Bool {
        precondition(!encrypting && nonce.count == Self.nonceLength && out.count >= ciphertext.count)
        guard tag.count == Self.tagLength else { return false }
        var n: Int32 = 0
        var ok = EVP_DecryptInit_ex(ctx, nil, nil, nil, nonce.baseAddress?.assumingMemoryBound(to: UInt8.self))
        if aad.count > 0 {
            ok &= EVP_DecryptUpdate(ctx, nil, &n, aad.baseAddress?.assumingMemoryBound(to: UInt8.self), Int32(aad.count))
        }
        let o = out.baseAddress?.assumingMemoryBound(to: UInt8.self)
        if ciphertext.count > 0 {
            ok &= EVP_DecryptUpdate(ctx, o, &n, ciphertext.baseAddress?.assumingMemoryBound(to: UInt8.self),
                                    Int32(ciphertext.count))
        }
        // SET_TAG takes a non-const pointer but only reads it.
        ok &= EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_SET_TAG, Int32(Self.tagLength), UnsafeMutableRawPointer(mutating: tag.baseAddress))
        guard ok == 1 else { return false }
        var m: Int32 = 0
        return EVP_DecryptFinal_ex(ctx, o.map { $0 + Int(n) }, &m) == 1
    }

    /// Seals a short message (a wrapped key): returns ciphertext followed by the tag.
    public func seal(nonce: [UInt8], aad: [UInt8], _ plaintext: [UInt8]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: plaintext.count + Self.tagLength)
        nonce.withUnsafeBytes { n in aad.withUnsafeBytes { a in plaintext.withUnsafeBytes { p in
            out.withUnsafeMutableBytes { o in
                seal(nonce: n, aad: a, plaintext: p, into: UnsafeMutableRawBufferPointer(rebasing: o[0..<plaintext.count]),
                     tag: UnsafeMutableRawBufferPointer(rebasing: o[plaintext.count...]))
            }
        } } }
        return out
    }

    /// Opens what `seal(nonce:aad:_:)` made; nil when it does not authenticate.
    public func open(nonce: [UInt8], aad: [UInt8], _ sealed: [UInt8]) -> [UInt8]? {
        guard sealed.count >= Self.tagLength, nonce.count == Self.nonceLength else { return nil }
        let count = sealed.count - Self.tagLength
        var out = [UInt8](repeating: 0, count: count)
        let ok = nonce.withUnsafeBytes { n in aad.withUnsafeBytes { a in sealed.withUnsafeBytes { s in
            out.withUnsafeMutableBytes { o in
                open(nonce: n, aad: a, ciphertext: UnsafeRawBufferPointer(rebasing: s[0..<count]),
                     tag: UnsafeRawBufferPointer(rebasing: s[count...]), into: o)
            }
        } } }
        return ok ? out : nil
    }

    /// Fetched once per process, as `DigestAlgorithm` does for digests: OpenSSL 3's implicit fetch
    /// behind `EVP_aes_256_gcm()` looks the provider up on every init.
    // nonisolated(unsafe): a fetched EVP_CIPHER is immutable and OpenSSL documents it as shareable
    // between threads (crypto(7), "Fetching algorithms"); a pointer is not Sendable only by default.
    private nonisolated(unsafe) static let cipher: OpaquePointer = EVP_CIPHER_fetch(nil, "AES-256-GCM", nil) ?? EVP_aes_256_gcm()
}
