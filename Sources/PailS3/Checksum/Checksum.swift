/// An incremental S3 checksum: CRC32, CRC32C, CRC64NVME (table-driven, slicing-by-8) or SHA1/SHA256
/// (OpenSSL).
///
/// `finalize()` returns the big-endian digest bytes; S3 sends their base64 (`.base64`). Call it once.
/// Not thread-safe: one checksum per stream.
public final class Checksum {
    public let algorithm: ChecksumAlgorithm
    /// The inverted CRC register (init all ones; the final xor is applied in `finalize`).
    private var crc: UInt64 = ~0
    private let digest: Digest?

    /// Starts a checksum of `algorithm`.
    public init(_ algorithm: ChecksumAlgorithm) {
        self.algorithm = algorithm
        switch algorithm {
        case .sha1: digest = Digest(.sha1)
        case .sha256: digest = Digest(.sha256)
        case .crc32, .crc32c, .crc64nvme: digest = nil
        }
        crc = algorithm == .crc64nvme ? ~0 : 0xFFFF_FFFF
    }

    /// Feeds bytes; an empty buffer is a no-op.
    public func update(_ bytes: UnsafeRawBufferPointer) {
        switch algorithm {
        case .crc32:
            crc = UInt64(CRCTables.crc32.withUnsafeBufferPointer {
                CRCTables.update32(UInt32(truncatingIfNeeded: crc), bytes, table: $0.baseAddress!)
            })
        case .crc32c:
            crc = UInt64(CRCTables.crc32c.withUnsafeBufferPointer {
                CRCTables.update32(UInt32(truncatingIfNeeded: crc), bytes, table: $0.baseAddress!)
            })
        case .crc64nvme:
            crc = CRCTables.crc64nvme.withUnsafeBufferPointer {
                CRCTables.update64(crc, bytes, table: $0.baseAddress!)
            }
        case .sha1, .sha256:
            digest!.update(bytes)
        }
    }

    /// Feeds bytes; an empty array is a no-op.
    public func update(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { update($0) }
    }

    /// The digest, big-endian: 4 bytes for CRC32/CRC32C, 8 for CRC64NVME, 20/32 for SHA1/SHA256.
    public func finalize() -> [UInt8] {
        switch algorithm {
        case .crc32, .crc32c:
            return Checksum.bigEndian(crc ^ 0xFFFF_FFFF, bytes: 4)
        case .crc64nvme:
            return Checksum.bigEndian(~crc, bytes: 8)
        case .sha1, .sha256:
            return digest!.finalize()
        }
    }

    /// The checksum of `bytes` in one call.
    public static func compute(_ algorithm: ChecksumAlgorithm, _ bytes: [UInt8]) -> [UInt8] {
        let c = Checksum(algorithm)
        c.update(bytes)
        return c.finalize()
    }

    static func bigEndian(_ v: UInt64, bytes: Int) -> [UInt8] {
        (0..<bytes).map { UInt8(truncatingIfNeeded: v >> UInt64(8 * (bytes - 1 - $0))) }
    }
}
