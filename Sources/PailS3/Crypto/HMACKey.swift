/// An HMAC key (RFC 2104) with its two padded key blocks already hashed.
///
/// Every HMAC starts by hashing `K ⊕ ipad` and `K ⊕ opad`, one block each; a key kept for many
/// messages (a SigV4 signing key signs every request of its day) can hash them once and start each
/// MAC from copies of those states. Immutable after `init` and safe to share between threads.
// Unchecked: `inner` and `outer` wrap OpenSSL contexts that are only ever read (`EVP_MD_CTX_copy_ex`
// from them) after init, which OpenSSL allows from many threads at once; no Mutex is needed for that.
public final class HMACKey: @unchecked Sendable {
    /// The key as given.
    public let bytes: [UInt8]
    public let algorithm: DigestAlgorithm
    /// The digest states after `K ⊕ ipad` and after `K ⊕ opad`; only ever copied from.
    private let inner: Digest, outer: Digest

    public init(_ algorithm: DigestAlgorithm, key: [UInt8]) {
        self.bytes = key
        self.algorithm = algorithm
        inner = Digest(algorithm)
        outer = Digest(algorithm)
        HMAC.absorbPads(key: key, inner: inner, outer: outer)
    }

    /// The MAC of `data` (the digest's length).
    public func mac(_ data: [UInt8]) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: algorithm.length) { out, count in
            count = data.withUnsafeBytes { mac($0, into: UnsafeMutableRawBufferPointer(out), using: Digest(algorithm)) }
        }
    }

    /// The MAC of `data` written to `out` (room for the digest's length, which is returned), hashed
    /// with `work` (any state; left finalized), so that a caller can reuse one digest context.
    public func mac(_ data: UnsafeRawBufferPointer, into out: UnsafeMutableRawBufferPointer, using work: Digest) -> Int {
        work.copy(from: inner)
        work.update(data)
        let length = work.finalize(into: out)
        work.copy(from: outer)
        work.update(UnsafeRawBufferPointer(rebasing: out[0..<length]))
        return work.finalize(into: out)
    }
}
