import PailS3

/// An `ObjectWriter` that encrypts the object (see `ChunkLayout`) before `inner` stores it: `inner`
/// receives the stored bytes, and the record says the plaintext's size and carries `encryption`
/// in its metadata. Holds one chunk of plaintext and a few sealed chunks at a time.
public final class EncryptedObjectWriter: ObjectWriter {
    private let inner: ObjectWriter
    private let dataKey: [UInt8]
    private let encryption: ObjectEncryption
    private let random: RandomSource
    private var sealer: BlockSealer?
    /// Plaintext sizes and part numbers of the blocks, the current one last.
    private var blockSizes: [Int64] = []
    private var partNumbers: [Int] = []
    /// Plaintext bytes written.
    public private(set) var bytesWritten: Int64 = 0

    /// Encrypts under `dataKey`; `encryption` (its wrapped form and mode) goes into the record.
    public init(wrapping inner: ObjectWriter, dataKey: [UInt8], encryption: ObjectEncryption, random: RandomSource = .secure) {
        self.inner = inner
        self.dataKey = dataKey
        self.encryption = encryption
        self.random = random
    }

    /// Ends the current part (if any) and starts part `number`: a copy of a multipart object keeps
    /// its part boundaries, and each part is a block of its own. Without a call, the object is one
    /// block numbered 0.
    public func startPart(_ number: Int) throws {
        try finishBlock()
        begin(number)
    }

    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        if sealer == nil { begin(0) }
        let inner = inner
        try sealer!.append(bytes) { try inner.write($0) }
        blockSizes[blockSizes.count - 1] += Int64(bytes.count)
        bytesWritten += Int64(bytes.count)
    }

    public func commit(key: String, etag: String, metadata: ObjectMetadata, tags: [ObjectTag],
                       condition: WriteCondition) throws -> ObjectInfo {
        try commit(key: key, etag: etag, metadata: metadata, tags: tags, size: bytesWritten, partSizes: [],
                   condition: condition)
    }

    /// Commits with the sizes this writer recorded: `size` must be the plaintext written (the blocks
    /// started with `startPart` are the part sizes; `partSizes` is not used).
    public func commit(key: String, etag: String, metadata: ObjectMetadata, tags: [ObjectTag], size: Int64,
                       partSizes: [Int64], condition: WriteCondition) throws -> ObjectInfo {
        guard size == bytesWritten else { throw StorageError.io("commit: \(size) bytes claimed, \(bytesWritten) written") }
        if sealer == nil { begin(0) }
        try finishBlock()
        var record = encryption
        let single = partNumbers == [0]
        record.parts = single ? nil : partNumbers
        var metadata = metadata
        metadata.encryption = record
        return try inner.commit(key: key, etag: etag, metadata: metadata, tags: tags, size: bytesWritten,
                                partSizes: single ? [] : blockSizes, condition: condition)
    }

    public func abort() { inner.abort() }

    private func begin(_ number: Int) {
        sealer = BlockSealer(dataKey: dataKey, partNumber: number, chunkSize: encryption.chunkSize, random: random)
        blockSizes.append(0)
        partNumbers.append(number)
    }

    private func finishBlock() throws {
        let inner = inner
        try sealer?.finish { try inner.write($0) }
    }
}
