import PailS3

/// Encrypts one block (see `ChunkLayout`) as its plaintext streams in, handing the stored bytes
/// (header first) to a sink a few chunks at a time. Memory stays at one chunk of plaintext plus the
/// output buffer, whatever the block's size.
///
/// A full chunk is sealed only once the next byte arrives, because only then is it known not to be
/// the final one; `finish` seals whatever is held (possibly nothing) as the final chunk.
final class BlockSealer {
    let header: BlockHeader
    private let gcm: AESGCM
    private let chunkSize: Int
    /// Plaintext of the chunk being filled.
    private let pending: UnsafeMutableRawBufferPointer
    private var filled = 0
    /// Sealed bytes not yet handed to the sink.
    private let out: UnsafeMutableRawBufferPointer
    private var outCount = 0
    private var index: Int64 = 0
    private let scratch = UnsafeMutableRawBufferPointer.allocate(byteCount: 32, alignment: 8)
    private(set) var plaintextLength: Int64 = 0
    private(set) var storedLength: Int64 = 0
    private(set) var finished = false

    /// Chunks gathered before one sink call: four 64 KiB chunks make the 256 KiB writes the
    /// unencrypted path does.
    static let chunksPerWrite = 4

    init(dataKey: [UInt8], partNumber: Int, chunkSize: Int, random: RandomSource) {
        header = BlockHeader(chunkSize: chunkSize, partNumber: partNumber, salt: random.bytes(BlockHeader.saltLength))
        gcm = AESGCM(key: header.key(dataKey: dataKey), encrypting: true)
        self.chunkSize = chunkSize
        pending = .allocate(byteCount: chunkSize, alignment: 16)
        out = .allocate(byteCount: ChunkLayout.headerLength + Self.chunksPerWrite * (chunkSize + ChunkLayout.tagLength),
                        alignment: 16)
        let bytes = header.bytes
        bytes.withUnsafeBytes { out.copyMemory(from: $0) }
        outCount = bytes.count
    }

    deinit {
        pending.deallocate()
        out.deallocate()
        scratch.deallocate()
    }

    /// Takes more plaintext.
    func append(_ bytes: UnsafeRawBufferPointer, to sink: (UnsafeRawBufferPointer) throws -> Void) throws {
        precondition(!finished, "append after finish")
        var rest = bytes
        while rest.count > 0 {
            if filled == chunkSize {
                try seal(UnsafeRawBufferPointer(rebasing: pending[0..<filled]), final: false, to: sink)
                filled = 0
            }
            // Whole chunks with more input behind them are sealed straight from the caller's buffer.
            while filled == 0 && rest.count > chunkSize {
                try seal(UnsafeRawBufferPointer(rebasing: rest[0..<chunkSize]), final: false, to: sink)
                rest = UnsafeRawBufferPointer(rebasing: rest[chunkSize...])
            }
            let n = min(chunkSize - filled, rest.count)
            UnsafeMutableRawBufferPointer(rebasing: pending[filled..<(filled + n)])
                .copyMemory(from: UnsafeRawBufferPointer(rebasing: rest[0..<n]))
            filled += n
            rest = UnsafeRawBufferPointer(rebasing: rest[n...])
        }
        plaintextLength += Int64(bytes.count)
    }

    /// Seals the final chunk and hands over everything left.
    func finish(to sink: (UnsafeRawBufferPointer) throws -> Void) throws {
        guard !finished else { return }
        try seal(UnsafeRawBufferPointer(rebasing: pending[0..<filled]), final: true, to: sink)
        filled = 0
        try flush(to: sink)
        finished = true
    }

    private func seal(_ plaintext: UnsafeRawBufferPointer, final: Bool,
                      to sink: (UnsafeRawBufferPointer) throws -> Void) throws {
        if outCount + plaintext.count + ChunkLayout.tagLength > out.count { try flush(to: sink) }
        let nonce = UnsafeMutableRawBufferPointer(rebasing: scratch[0..<12])
        let aad = UnsafeMutableRawBufferPointer(rebasing: scratch[16..<25])
        ChunkLayout.nonce(index, into: nonce)
        ChunkLayout.aad(index, final: final, into: aad)
        let end = outCount + plaintext.count
        gcm.seal(nonce: UnsafeRawBufferPointer(nonce), aad: UnsafeRawBufferPointer(aad), plaintext: plaintext,
                 into: UnsafeMutableRawBufferPointer(rebasing: out[outCount..<end]),
                 tag: UnsafeMutableRawBufferPointer(rebasing: out[end..<(end + ChunkLayout.tagLength)]))
        outCount = end + ChunkLayout.tagLength
        index += 1
    }

    private func flush(to sink: (UnsafeRawBufferPointer) throws -> Void) throws {
        guard outCount > 0 else { return }
        try sink(UnsafeRawBufferPointer(rebasing: out[0..<outCount]))
        storedLength += Int64(outCount)
        outCount = 0
    }
}
