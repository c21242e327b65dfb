import COpenSSL

/// An incremental message digest (MD5, SHA-1, SHA-256) over OpenSSL EVP.
///
/// Owns its `EVP_MD_CTX` and frees it in `deinit`. Not thread-safe: one digest per stream.
/// `finalize()` may be called once; after that the digest must be `reset()` before reuse.
public final class Digest {
    public let algorithm: DigestAlgorithm
    private let ctx: OpaquePointer

    /// Starts a digest of `algorithm`.
    public init(_ algorithm: DigestAlgorithm) {
        self.algorithm = algorithm
        guard let ctx = EVP_MD_CTX_new() else { fatalError("EVP_MD_CTX_new failed: out of memory") }
        self.ctx = ctx
        reset()
    }

    deinit { EVP_MD_CTX_free(ctx) }

    /// Feeds bytes; an empty buffer is a no-op.
    public func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        EVP_DigestUpdate(ctx, base, bytes.count)
    }

    /// Feeds bytes; an empty array is a no-op.
    public func update(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { update($0) }
    }

    /// Returns the digest (16, 20 or 32 bytes). Call once per `init`/`reset()`.
    public func finalize() -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: algorithm.length) { out, count in
            count = finalize(into: UnsafeMutableRawBufferPointer(out))
        }
    }

    /// Writes the digest to `out`, which must hold `algorithm.length` bytes, and returns that length.
    /// For callers that hash into a stack buffer instead of allocating an array per digest.
    @discardableResult
    public func finalize(into out: UnsafeMutableRawBufferPointer) -> Int {
        precondition(out.count >= algorithm.length, "digest buffer too small")
        var length: UInt32 = 0
        EVP_DigestFinal_ex(ctx, out.baseAddress!.assumingMemoryBound(to: UInt8.self), &length)
        return Int(length)
    }

    /// Makes this digest continue from `other`'s state (same algorithm), leaving `other` as it was.
    /// Concurrent copies from one source are safe: the source is only read.
    public func copy(from other: Digest) {
        precondition(other.algorithm == algorithm, "digest algorithms differ")
        EVP_MD_CTX_copy_ex(ctx, other.ctx)
    }

    /// Restarts the digest so that one context serves many messages (the chunk decoder hashes every
    /// chunk without allocating a context each time).
    public func reset() {
        EVP_DigestInit_ex(ctx, algorithm.evp, nil)
    }
}
