/// The S3 additional-checksum algorithms (`x-amz-checksum-*`).
///
/// Values travel as base64 of the big-endian digest. The raw value is the lower-case name used in
/// the header (`x-amz-checksum-<rawValue>`).
public enum ChecksumAlgorithm: String, CaseIterable, Sendable {
    case crc32, crc32c, crc64nvme, sha1, sha256

    /// The request/response header carrying the value, e.g. `x-amz-checksum-crc32`.
    public var headerName: String { "x-amz-checksum-" + rawValue }

    /// The XML element carrying the value, e.g. `ChecksumCRC32` (CompleteMultipartUpload, ListParts).
    public var xmlName: String {
        switch self {
        case .crc32: return "ChecksumCRC32"
        case .crc32c: return "ChecksumCRC32C"
        case .crc64nvme: return "ChecksumCRC64NVME"
        case .sha1: return "ChecksumSHA1"
        case .sha256: return "ChecksumSHA256"
        }
    }

    /// The upper-case name S3 uses in `x-amz-checksum-algorithm` and `ChecksumAlgorithm` (`CRC32`, ...).
    public var name: String { rawValue.uppercased() }

    /// Digest length in bytes: 4 (CRC32, CRC32C), 8 (CRC64NVME), 20 (SHA1), 32 (SHA256).
    public var digestLength: Int {
        switch self {
        case .crc32, .crc32c: return 4
        case .crc64nvme: return 8
        case .sha1: return 20
        case .sha256: return 32
        }
    }

    /// True for the CRCs, whose values can be combined across parts (FULL_OBJECT multipart checksums).
    public var isCRC: Bool {
        switch self {
        case .crc32, .crc32c, .crc64nvme: return true
        case .sha1, .sha256: return false
        }
    }

    /// The algorithm whose header is `header` (`X-Amz-Checksum-CRC32` matches `.crc32`), compared
    /// case-insensitively on the whole name; nil for any other header, including
    /// `x-amz-checksum-algorithm`, `x-amz-checksum-type` and `x-amz-checksum-mode`.
    public static func from(header: String) -> ChecksumAlgorithm? {
        let prefix = "x-amz-checksum-"
        guard header.utf8.count > prefix.utf8.count,
              header.lowercased().hasPrefix(prefix) else { return nil }
        return ChecksumAlgorithm(rawValue: String(header.lowercased().dropFirst(prefix.count)))
    }

    /// The algorithm named `name`, case-insensitively (`CRC32`, `crc32c`, `Sha256`); nil otherwise.
    public init?(name: String) {
        self.init(rawValue: name.lowercased())
    }
}
