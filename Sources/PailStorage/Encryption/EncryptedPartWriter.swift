import PailS3

/// A `PartWriter` that encrypts one part of an upload as a block numbered `partNumber` (see
/// `ChunkLayout`) before `inner` stores it; the part is recorded with its plaintext size.
public final class EncryptedPartWriter: PartWriter {
    private let inner: PartWriter
    private let sealer: BlockSealer

    /// Encrypts under the upload's `dataKey`, in chunks of `chunkSize`.
    public init(wrapping inner: PartWriter, dataKey: [UInt8], partNumber: Int, chunkSize: Int,
                random: RandomSource = .secure) {
        self.inner = inner
        sealer = BlockSealer(dataKey: dataKey, partNumber: partNumber, chunkSize: chunkSize, random: random)
    }

    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        let inner = inner
        try sealer.append(bytes) { try inner.write($0) }
    }

    /// Plaintext bytes written.
    public var bytesWritten: Int64 { sealer.plaintextLength }

    public func commitPart(etag: String, checksum: String?) throws -> PartInfo {
        try commitPart(etag: etag, checksum: checksum, size: bytesWritten)
    }

    /// Commits the part as `size` plaintext bytes, which must be what was written.
    public func commitPart(etag: String, checksum: String?, size: Int64) throws -> PartInfo {
        guard size == bytesWritten else { throw StorageError.io("commitPart: \(size) bytes claimed, \(bytesWritten) written") }
        let inner = inner
        try sealer.finish { try inner.write($0) }
        return try inner.commitPart(etag: etag, checksum: checksum, size: size)
    }

    public func abort() { inner.abort() }
}
