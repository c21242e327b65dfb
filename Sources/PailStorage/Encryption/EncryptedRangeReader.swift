import PailS3

/// Decrypts a plaintext range of an encrypted object (see `ChunkLayout`), one chunk at a time: only
/// the chunks the range touches are read and opened, and memory stays at one chunk whatever the
/// range's length. Every chunk is authenticated before any of its bytes is returned.
public final class EncryptedRangeReader {
    private struct Block {
        var plainStart: Int64
        var plainSize: Int64
        var storedStart: Int64
        /// The part number the block's header must name.
        var part: Int
    }

    private let content: ObjectContent
    private let dataKey: [UInt8]
    private let chunkSize: Int
    private var cursor: SegmentCursor
    private let blocks: [Block]
    private var position: Int64
    private let end: Int64
    private var blockIndex = 0
    /// The opener of `blockIndex`'s block once its header was read.
    private var opener: AESGCM?
    private let buffer: UnsafeMutableRawBufferPointer
    private let scratch = UnsafeMutableRawBufferPointer.allocate(byteCount: 64, alignment: 8)

    /// Reads `[start, start + length)` of `content`'s plaintext, whose data key is `dataKey`. Throws
    /// `EncryptedDataError` when the stored length is not what the record's sizes imply.
    public init(content: ObjectContent, dataKey: [UInt8], encryption: ObjectEncryption,
                start: Int64, length: Int64) throws {
        self.content = content
        self.dataKey = dataKey
        chunkSize = encryption.chunkSize
        cursor = SegmentCursor(content.segments)
        let info = content.info
        let sizes = info.partSizes.isEmpty ? [info.size] : info.partSizes
        let parts = encryption.parts ?? (sizes.count == 1 ? [0] : [])
        guard parts.count == sizes.count else {
            throw EncryptedDataError("the record names \(parts.count) encrypted parts for \(sizes.count) parts")
        }
        var blocks: [Block] = []
        var plain: Int64 = 0, stored: Int64 = 0
        for (size, part) in zip(sizes, parts) {
            blocks.append(Block(plainStart: plain, plainSize: size, storedStart: stored, part: part))
            plain += size
            stored += encryption.storedLength(plaintext: size)
        }
        guard stored == cursor.length, plain == info.size else {
            throw EncryptedDataError("stored length \(cursor.length) is not the \(stored) bytes the record implies")
        }
        self.blocks = blocks
        position = start
        end = start + length
        buffer = .allocate(byteCount: max(chunkSize + ChunkLayout.tagLength, ChunkLayout.headerLength), alignment: 16)
    }

    deinit {
        buffer.deallocate()
        scratch.deallocate()
    }

    /// The next piece of the range's plaintext (valid until the next call); nil at the range's end.
    /// Throws `EncryptedDataError` for a chunk or header that does not authenticate, `StorageError.io`
    /// when the stored bytes cannot be read.
    public func next() throws -> UnsafeRawBufferPointer? {
        guard position < end else { return nil }
        while blocks[blockIndex].plainStart + blocks[blockIndex].plainSize <= position {
            blockIndex += 1
            opener = nil
        }
        let block = blocks[blockIndex]
        let gcm = try opener ?? openBlock(block)
        opener = gcm
        let offset = position - block.plainStart
        let index = offset / Int64(chunkSize)
        let chunkStart = index * Int64(chunkSize)
        let count = Int(min(Int64(chunkSize), block.plainSize - chunkStart))
        let final = index == ChunkLayout.chunkCount(plaintext: block.plainSize, chunkSize: chunkSize) - 1
        let sealed = UnsafeMutableRawBufferPointer(rebasing: buffer[0..<(count + ChunkLayout.tagLength)])
        try cursor.read(into: sealed, at: block.storedStart + ChunkLayout.chunkOffset(index, chunkSize: chunkSize))
        let nonce = UnsafeMutableRawBufferPointer(rebasing: scratch[0..<12])
        let aad = UnsafeMutableRawBufferPointer(rebasing: scratch[16..<25])
        ChunkLayout.nonce(index, into: nonce)
        ChunkLayout.aad(index, final: final, into: aad)
        let plaintext = UnsafeMutableRawBufferPointer(rebasing: buffer[0..<count])
        guard gcm.open(nonce: UnsafeRawBufferPointer(nonce), aad: UnsafeRawBufferPointer(aad),
                       ciphertext: UnsafeRawBufferPointer(plaintext),
                       tag: UnsafeRawBufferPointer(rebasing: buffer[count..<(count + ChunkLayout.tagLength)]),
                       into: plaintext) else {
            throw EncryptedDataError("chunk \(index) of part \(blockIndex + 1) does not authenticate")
        }
        let from = Int(offset - chunkStart)
        let to = Int(min(Int64(count), end - block.plainStart - chunkStart))
        position = block.plainStart + chunkStart + Int64(to)
        return UnsafeRawBufferPointer(rebasing: buffer[from..<to])
    }

    /// Passes the rest of the range to `sink`, piece by piece.
    public func forEach(_ sink: (UnsafeRawBufferPointer) throws -> Void) throws {
        while let piece = try next() { try sink(piece) }
    }

    /// Reads and checks a block's header and makes its opener.
    private func openBlock(_ block: Block) throws -> AESGCM {
        let raw = UnsafeMutableRawBufferPointer(rebasing: buffer[0..<ChunkLayout.headerLength])
        try cursor.read(into: raw, at: block.storedStart)
        guard let header = BlockHeader(UnsafeRawBufferPointer(raw)) else {
            throw EncryptedDataError("part \(blockIndex + 1) has no valid encryption header")
        }
        guard header.chunkSize == chunkSize, header.partNumber == block.part else {
            throw EncryptedDataError("part \(blockIndex + 1)'s header is not the one the record names")
        }
        return AESGCM(key: header.key(dataKey: dataKey), encrypting: false)
    }
}
