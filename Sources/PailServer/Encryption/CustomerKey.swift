import PailHTTP
import PailS3
import PailStorage

/// An SSE-C key as a request carries it: `x-amz-server-side-encryption-customer-algorithm: AES256`,
/// `-key` (base64 of 32 bytes) and `-key-MD5` (base64 of the key's MD5), validated as S3 does
/// (User Guide, "Using server-side encryption with customer-provided keys (SSE-C)"). The key is
/// never stored: an object keeps a salted HMAC to recognise it and a data key wrapped under a key
/// derived from it.
struct CustomerKey {
    let key: [UInt8]
    /// The `-key-MD5` header as sent; responses echo it.
    let md5: String

    /// The key the headers carry (the `x-amz-copy-source-…` ones when `copySource`), nil when none of
    /// the three is present. Throws S3's InvalidArgument (or InvalidEncryptionAlgorithmError) for
    /// an incomplete or inconsistent set.
    static func from(_ headers: HTTPHeaders, copySource: Bool) throws -> CustomerKey? {
        let names = [SSEHeader.customerAlgorithm, SSEHeader.customerKey, SSEHeader.customerKeyMD5]
            .map { copySource ? SSEHeader.copySource($0) : $0 }
        let (algorithm, key, md5) = (headers[names[0]], headers[names[1]], headers[names[2]])
        if algorithm == nil && key == nil && md5 == nil { return nil }
        guard let algorithm else {
            throw S3Error.invalidArgument("Requests specifying Server Side Encryption with Customer provided keys must provide a valid encryption algorithm.",
                                          name: names[0], value: "null")
        }
        guard algorithm == "AES256" else { throw S3Error.invalidEncryptionAlgorithm(name: names[0], value: algorithm) }
        guard let key else {
            throw S3Error.invalidArgument("Requests specifying Server Side Encryption with Customer provided keys must provide an appropriate secret key.",
                                          name: names[1], value: "null")
        }
        guard let bytes = base64Decode(key), bytes.count == 32 else {
            throw S3Error.invalidArgument("The secret key was invalid for the specified algorithm.", name: names[1], value: "")
        }
        guard let md5 else {
            throw S3Error.invalidArgument("Requests specifying Server Side Encryption with Customer provided keys must provide the client calculated MD5 of the secret key.",
                                          name: names[2], value: "null")
        }
        guard PailS3.md5(bytes).base64 == md5 else {
            throw S3Error.invalidArgument("The calculated MD5 hash of the key did not match the hash that was provided.",
                                          name: names[2], value: md5)
        }
        return CustomerKey(key: bytes, md5: md5)
    }

    /// The key that wraps the object's data key: HMAC-SHA256(key, "pail-sse-c-kek-v1" ‖ salt).
    func wrappingKey(salt: [UInt8]) -> [UInt8] {
        HMAC.sha256(key: key, data: Array("pail-sse-c-kek-v1".utf8) + salt)
    }

    /// What the object keeps to recognise this key: HMAC-SHA256(key, "pail-sse-c-check-v1" ‖ salt).
    func check(salt: [UInt8]) -> [UInt8] {
        HMAC.sha256(key: key, data: Array("pail-sse-c-check-v1".utf8) + salt)
    }

    /// Whether this is the key an object's `record` was written with (constant-time comparison).
    func matches(_ record: ObjectEncryption) -> Bool {
        guard let salt = record.customerKeySalt, let stored = record.customerKeyCheck else { return false }
        let mine = check(salt: salt)
        guard mine.count == stored.count else { return false }
        return zip(mine, stored).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }
}

