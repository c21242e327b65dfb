// Server-side encryption errors, as S3 answers them (ErrorResponses page; the SSE-C messages are
// those of "Using server-side encryption with customer-provided keys" and the S3 API's SSE-C
// parameters). Messages name AWS's wording so that clients matching on them behave as against AWS.
extension S3Error {
    /// `ServerSideEncryptionConfigurationNotFoundError` (404): GetBucketEncryption on a bucket without a default.
    public static func encryptionConfigurationNotFound(_ bucket: String) -> S3Error {
        S3Error("ServerSideEncryptionConfigurationNotFoundError", 404, "The server side encryption configuration was not found",
                details: [("BucketName", bucket)])
    }

    /// An SSE-C object read without its key (400 InvalidRequest).
    public static func encryptedObjectNeedsKey() -> S3Error {
        invalidRequest("The object was stored using a form of Server Side Encryption. The correct parameters must be provided to retrieve the object.")
    }

    /// SSE-C headers on a request for an object that is not SSE-C (400 InvalidRequest).
    public static func encryptionParametersNotApplicable() -> S3Error {
        invalidRequest("The encryption parameters are not applicable to this object.")
    }

    /// An SSE-C key that is not the one the object was written with (403, as S3 answers).
    public static func wrongCustomerKey() -> S3Error {
        accessDenied("Access Denied")
    }

    /// `KMS.NotFoundException` (400), S3's relay of KMS's answer for a key it does not know.
    public static func kmsNotFound(_ message: String) -> S3Error {
        S3Error("KMS.NotFoundException", 400, message)
    }

    /// `InvalidEncryptionAlgorithmError` (400): an SSE-C algorithm other than AES256.
    public static func invalidEncryptionAlgorithm(name: String, value: String) -> S3Error {
        S3Error("InvalidEncryptionAlgorithmError", 400, "The encryption request you specified is not valid. Supported value: AES256.",
                details: [("ArgumentName", name), ("ArgumentValue", value)])
    }
}
