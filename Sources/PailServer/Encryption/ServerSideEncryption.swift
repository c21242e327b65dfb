import Foundation
import Synchronization
import PailIdentity
import PailS3
import PailStorage

/// Server-side encryption for the S3 service: makes data keys for new objects and unwraps those of
/// stored ones, and caches bucket defaults. The key ring is loaded once at server start (`configure`),
/// before any request.
final class ServerSideEncryption: Sendable {
    let random: RandomSource
    /// Bucket defaults as last read: a PUT without SSE headers asks for its bucket's.
    let defaults = SettingCache<BucketEncryptionConfiguration>()
    /// Set once by `configure` (PailServer, before serving); read by every encrypting request.
    private let ring = Mutex<SSEKeyRing?>(nil)

    init(random: RandomSource = .secure) { self.random = random }

    /// Loads (or creates) the master key under `dataDirectory` and the configured KMS keys.
    func configure(dataDirectory: URL, kms: KMSSettings, region: String) throws {
        let ring = try SSEKeyRing(dataDirectory: dataDirectory, kms: kms, region: region, random: random)
        self.ring.withLock { $0 = ring }
    }

    private func keys() throws -> SSEKeyRing {
        guard let ring = ring.withLock({ $0 }) else { throw S3Error.notImplemented("Server-side encryption is not configured.") }
        return ring
    }

    /// A fresh data key for a new object or upload, wrapped as `request` asks.
    func newKey(_ request: EncryptionRequest) throws -> ObjectKey {
        let keys = try keys()
        let dataKey = random.bytes(32)
        var record = ObjectEncryption(mode: .s3, wrappedKey: [])
        let kek: [UInt8]
        switch request.kind {
        case .s3:
            kek = keys.master
        case .kms(let keyID, let dsse):
            let key = try keys.kmsKey(keyID)
            record = ObjectEncryption(mode: dsse ? .kmsDSSE : .kms, kmsKeyARN: key.arn, kmsContext: request.context,
                                      bucketKeyEnabled: request.bucketKeyEnabled, wrappedKey: [])
            kek = key.material
        case .customer:
            let customer = request.customer!
            let salt = random.bytes(16)
            record = ObjectEncryption(mode: .customer, wrappedKey: [], customerKeySalt: salt,
                                      customerKeyCheck: customer.check(salt: salt))
            kek = customer.wrappingKey(salt: salt)
        }
        let nonce = random.bytes(AESGCM.nonceLength)
        record.wrappedKey = nonce + AESGCM(key: kek, encrypting: true).seal(nonce: nonce, aad: Self.wrapAAD(record), dataKey)
        return ObjectKey(record: record, dataKey: dataKey, customerKeyMD5: request.customer?.md5)
    }

    /// The data key of a stored object or upload. SSE-C needs the request's `customer` key, which must
    /// match (else 403 AccessDenied, as S3 answers); SSE-KMS needs the key still configured.
    func unwrap(_ record: ObjectEncryption, customer: CustomerKey?) throws -> ObjectKey {
        let keys = try keys()
        let kek: [UInt8]
        switch record.mode {
        case .s3: kek = keys.master
        case .kms, .kmsDSSE: kek = try keys.kmsKey(arn: record.kmsKeyARN ?? "").material
        case .customer:
            guard let customer, customer.matches(record), let salt = record.customerKeySalt else { throw S3Error.wrongCustomerKey() }
            kek = customer.wrappingKey(salt: salt)
        }
        let wrapped = record.wrappedKey
        guard wrapped.count > AESGCM.nonceLength,
              let dataKey = AESGCM(key: kek, encrypting: false).open(nonce: Array(wrapped[0..<AESGCM.nonceLength]),
                                                                    aad: Self.wrapAAD(record), Array(wrapped[AESGCM.nonceLength...])),
              dataKey.count == 32 else {
            throw S3Error.internalError("The object's data key does not unwrap: its record is damaged.")
        }
        return ObjectKey(record: record, dataKey: dataKey, customerKeyMD5: customer?.md5)
    }

    /// What the wrapped key is bound to: the mode, KMS key, context, bucket-key flag and chunk size
    /// (so none of them can be altered in the record without the key failing to unwrap).
    private static func wrapAAD(_ record: ObjectEncryption) -> [UInt8] {
        Array("pail-sse-wrap-v1\n\(record.mode.rawValue)\n\(record.kmsKeyARN ?? "")\n\(record.kmsContext ?? "")\n\(record.bucketKeyEnabled)\n\(record.chunkSize)".utf8)
    }
}
