import Foundation
import PailHTTP
import PailS3

/// The encryption a write asks for: its SSE headers (PutObject, CopyObject, CreateMultipartUpload),
/// or the bucket's default when it sends none.
struct EncryptionRequest {
    enum Kind: Equatable {
        /// SSE-S3 (`AES256`).
        case s3
        /// SSE-KMS; a nil key id means the AWS managed key `aws/s3`. `dsse`: `aws:kms:dsse`.
        case kms(keyID: String?, dsse: Bool)
        /// SSE-C with the request's key.
        case customer
    }

    var kind: Kind
    var customer: CustomerKey?
    /// `x-amz-server-side-encryption-context` as sent (base64 JSON), for SSE-KMS.
    var context: String?
    var bucketKeyEnabled = false

    /// What the request's headers ask for; nil when they name no encryption. Throws S3's
    /// InvalidArgument for a combination S3 refuses (API reference, PutObject: the KMS headers need
    /// `x-amz-server-side-encryption: aws:kms`; SSE-C excludes the other kinds).
    static func from(_ headers: HTTPHeaders) throws -> EncryptionRequest? {
        guard SSEHeader.anyPresent(in: headers) else { return nil }
        let customer = try CustomerKey.from(headers, copySource: false)
        let algorithm = headers[SSEHeader.algorithm], keyID = headers[SSEHeader.kmsKeyID]
        let context = headers[SSEHeader.context]
        if let customer {
            if let algorithm {
                throw S3Error.invalidArgument("Server Side Encryption with Customer provided key is incompatible with the encryption method specified",
                                              name: SSEHeader.algorithm, value: algorithm)
            }
            return EncryptionRequest(kind: .customer, customer: customer)
        }
        guard let algorithm else {
            if keyID != nil || context != nil { throw kmsHeadersNeedKMS(keyID ?? context ?? "") }
            return nil
        }
        switch algorithm {
        case "AES256":
            if keyID != nil || context != nil { throw kmsHeadersNeedKMS(keyID ?? context ?? "") }
            return EncryptionRequest(kind: .s3)
        case "aws:kms", "aws:kms:dsse":
            if let context { try validateContext(context) }
            let keyID = keyID.flatMap { $0.isEmpty ? nil : $0 }
            return EncryptionRequest(kind: .kms(keyID: keyID, dsse: algorithm == "aws:kms:dsse"), context: context,
                                     bucketKeyEnabled: headers[SSEHeader.bucketKeyEnabled]?.lowercased() == "true")
        default:
            throw S3Error.invalidArgument("The encryption method specified is not supported", name: SSEHeader.algorithm, value: algorithm)
        }
    }

    /// The request a bucket default stands for.
    static func bucketDefault(_ configuration: BucketEncryptionConfiguration) -> EncryptionRequest {
        guard configuration.algorithm != "AES256" else { return EncryptionRequest(kind: .s3) }
        return EncryptionRequest(kind: .kms(keyID: configuration.kmsMasterKeyID, dsse: configuration.algorithm == "aws:kms:dsse"),
                                 bucketKeyEnabled: configuration.bucketKeyEnabled)
    }

    private static func kmsHeadersNeedKMS(_ value: String) -> S3Error {
        S3Error.invalidArgument("Server Side Encryption with KMS managed key requires HTTP header x-amz-server-side-encryption : aws:kms",
                                name: SSEHeader.kmsKeyID, value: value)
    }

    /// The context must be base64 of a JSON object of strings (API reference, PutObject,
    /// `x-amz-server-side-encryption-context`).
    private static func validateContext(_ context: String) throws {
        guard let bytes = base64Decode(context),
              let object = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any],
              object.values.allSatisfy({ $0 is String }) else {
            throw S3Error.invalidArgument("The header 'x-amz-server-side-encryption-context' shall be Base64-encoded UTF-8 string holding JSON which represents a string-string map",
                                          name: SSEHeader.context, value: context)
        }
    }
}
