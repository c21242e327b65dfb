import PailS3

/// How one object version (or one multipart upload) is encrypted at rest: kept in its metadata,
/// never sent as is (the S3 layer echoes only the algorithm, key id and flags).
///
/// The object's bytes are encrypted under a random 32-byte data key, stored here only wrapped
/// (AES-256-GCM) by a key-encryption key: the server master key (SSE-S3), a configured KMS key
/// (SSE-KMS), or a key derived from the customer's key (SSE-C, which is never stored; `customerKeyCheck`
/// lets a request's key be verified). The chunk format of the bytes is `ChunkLayout`'s.
public struct ObjectEncryption: Sendable, Equatable, Codable {
    /// The kind of server-side encryption, as S3 names it.
    public enum Mode: String, Sendable, Codable {
        /// SSE-S3: `x-amz-server-side-encryption: AES256`.
        case s3 = "AES256"
        /// SSE-KMS: `aws:kms`.
        case kms = "aws:kms"
        /// DSSE-KMS: `aws:kms:dsse` (one layer here; reported as asked).
        case kmsDSSE = "aws:kms:dsse"
        /// SSE-C: customer-provided key.
        case customer = "SSE-C"
    }

    public var mode: Mode
    /// The KMS key's ARN (SSE-KMS).
    public var kmsKeyARN: String?
    /// `x-amz-server-side-encryption-context` as the request sent it (base64 of a JSON object).
    public var kmsContext: String?
    /// `x-amz-server-side-encryption-bucket-key-enabled`.
    public var bucketKeyEnabled: Bool
    /// The data key sealed by the key-encryption key: nonce (12) ‖ ciphertext (32) ‖ tag (16).
    public var wrappedKey: [UInt8]
    /// SSE-C: the salt of the key derivations below.
    public var customerKeySalt: [UInt8]?
    /// SSE-C: HMAC-SHA256 of a fixed label and the salt under the customer's key.
    public var customerKeyCheck: [UInt8]?
    /// Plaintext bytes per chunk.
    public var chunkSize: Int
    /// The part numbers of a completed multipart upload, in object order: block `i`'s header must
    /// name `parts[i]`. Nil for an object of one block (part number 0).
    public var parts: [Int]?

    public init(mode: Mode, kmsKeyARN: String? = nil, kmsContext: String? = nil, bucketKeyEnabled: Bool = false,
                wrappedKey: [UInt8], customerKeySalt: [UInt8]? = nil, customerKeyCheck: [UInt8]? = nil,
                chunkSize: Int = ChunkLayout.defaultChunkSize, parts: [Int]? = nil) {
        self.mode = mode; self.kmsKeyARN = kmsKeyARN; self.kmsContext = kmsContext
        self.bucketKeyEnabled = bucketKeyEnabled; self.wrappedKey = wrappedKey
        self.customerKeySalt = customerKeySalt; self.customerKeyCheck = customerKeyCheck
        self.chunkSize = chunkSize; self.parts = parts
    }

    /// How many bytes a block of `plaintext` bytes takes on disk.
    public func storedLength(plaintext: Int64) -> Int64 {
        ChunkLayout.storedLength(plaintext: plaintext, chunkSize: chunkSize)
    }
}
