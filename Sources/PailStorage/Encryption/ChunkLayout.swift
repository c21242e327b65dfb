/// The on-disk form of an encrypted object: authenticated encryption per fixed-size chunk, so that a
/// range is read by decrypting only the chunks it touches, and a changed, moved, dropped or
/// truncated chunk is detected rather than served.
///
/// An encrypted object is a sequence of *blocks*, one per part (one for a single PUT or copy), laid
/// end to end across the object's segments; block `i` holds `partSizes[i]` plaintext bytes (or the
/// object's size when it has no parts). A block is
///
///     header (48 bytes) ‖ chunk 0 ‖ chunk 1 ‖ … ‖ chunk n-1
///     header = "PSSE" ‖ version 1 ‖ algorithm 1 (AES-256-GCM) ‖ 0x0000
///              ‖ chunk size (u32 BE) ‖ part number (u32 BE, 0 for a single PUT) ‖ salt (32 random bytes)
///     chunk i = AES-256-GCM(blockKey, nonce = 0x00000000 ‖ i (u64 BE), aad = i (u64 BE) ‖ final (1 byte),
///                           plaintext bytes [i·C, min((i+1)·C, size))) ‖ tag (16 bytes)
///     blockKey = HMAC-SHA256(dataKey, "pail-sse-block-v1" ‖ header)
///
/// with `n = max(1, ⌈size / C⌉)` (an empty block is one empty chunk, so its end is authenticated too)
/// and `final` 1 on chunk n-1 only. Each block gets a fresh key from its random salt, so chunk numbers
/// are safe nonces even when parts of one upload share the data key; the header is bound into the key,
/// the chunk number and the final flag into every tag, so chunks cannot be reordered, moved between
/// blocks, or cut off at a chunk boundary. A block's part number must match the object's record
/// (`ObjectEncryption.parts`), so whole parts cannot be swapped either.
public enum ChunkLayout {
    /// 64 KiB: large enough that the per-chunk cost (an EVP init, a tag) is noise next to AES-GCM
    /// itself, small enough that a range read decrypts at most 128 KiB it does not return.
    public static let defaultChunkSize = 64 * 1024
    /// The largest chunk size a record may name (a corrupt one must not make a reader allocate more).
    public static let maxChunkSize = 16 << 20
    public static let headerLength = 48
    public static let tagLength = 16

    /// The chunks of a block of `plaintext` bytes: at least one.
    public static func chunkCount(plaintext: Int64, chunkSize: Int) -> Int64 {
        max(1, (plaintext + Int64(chunkSize) - 1) / Int64(chunkSize))
    }

    /// The stored length of a block of `plaintext` bytes.
    public static func storedLength(plaintext: Int64, chunkSize: Int) -> Int64 {
        Int64(headerLength) + plaintext + Int64(tagLength) * chunkCount(plaintext: plaintext, chunkSize: chunkSize)
    }

    /// Where chunk `index` starts, from the start of its block.
    static func chunkOffset(_ index: Int64, chunkSize: Int) -> Int64 {
        Int64(headerLength) + index * Int64(chunkSize + tagLength)
    }

    /// Writes chunk `index`'s nonce (12 bytes) to `out`.
    static func nonce(_ index: Int64, into out: UnsafeMutableRawBufferPointer) {
        for k in 0..<4 { out[k] = 0 }
        bigEndian(UInt64(index), into: UnsafeMutableRawBufferPointer(rebasing: out[4..<12]))
    }

    /// Writes chunk `index`'s associated data (9 bytes) to `out`.
    static func aad(_ index: Int64, final: Bool, into out: UnsafeMutableRawBufferPointer) {
        bigEndian(UInt64(index), into: UnsafeMutableRawBufferPointer(rebasing: out[0..<8]))
        out[8] = final ? 1 : 0
    }

    static func bigEndian(_ value: UInt64, into out: UnsafeMutableRawBufferPointer) {
        for k in 0..<out.count { out[k] = UInt8(truncatingIfNeeded: value >> (8 * UInt64(out.count - 1 - k))) }
    }
}
