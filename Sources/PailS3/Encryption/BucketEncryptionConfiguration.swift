/// A bucket's default encryption: the body of PutBucketEncryption and the answer of
/// GetBucketEncryption (docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketEncryption.html).
/// It applies to PutObject, CopyObject and CreateMultipartUpload requests that name no encryption.
public struct BucketEncryptionConfiguration: Sendable, Equatable, Codable {
    /// `AES256`, `aws:kms` or `aws:kms:dsse`.
    public var algorithm: String
    /// The KMS key (id, ARN or alias) for `aws:kms`; nil means the AWS managed key `aws/s3`.
    public var kmsMasterKeyID: String?
    public var bucketKeyEnabled: Bool

    public static let algorithms: Set<String> = ["AES256", "aws:kms", "aws:kms:dsse"]

    public init(algorithm: String, kmsMasterKeyID: String? = nil, bucketKeyEnabled: Bool = false) {
        self.algorithm = algorithm
        self.kmsMasterKeyID = kmsMasterKeyID
        self.bucketKeyEnabled = bucketKeyEnabled
    }

    /// Parses `<ServerSideEncryptionConfiguration><Rule><ApplyServerSideEncryptionByDefault>
    /// <SSEAlgorithm>…</SSEAlgorithm>[<KMSMasterKeyID>…</KMSMasterKeyID>]</ApplyServerSideEncryptionByDefault>
    /// [<BucketKeyEnabled>…</BucketKeyEnabled>]</Rule></ServerSideEncryptionConfiguration>`.
    ///
    /// - `MalformedXML` for another root, an unknown or repeated element, not exactly one `Rule`, a
    ///   rule without `ApplyServerSideEncryptionByDefault` or `SSEAlgorithm`, or an algorithm outside
    ///   the schema's enumeration.
    /// - `InvalidArgument` for a `KMSMasterKeyID` beside `AES256` (S3: "a KMSMasterKeyID is not
    ///   applicable if the default sse algorithm is not aws:kms or aws:kms:dsse").
    public static func parse(_ bytes: [UInt8]) throws -> BucketEncryptionConfiguration {
        let root = try XMLReader.parse(bytes)
        guard root.name == "ServerSideEncryptionConfiguration" else { throw S3Error.malformedXML() }
        try root.requireOnly(["Rule"])
        let rules = root.children("Rule")
        guard rules.count == 1, let rule = rules.first else { throw S3Error.malformedXML() }
        try rule.requireOnly(["ApplyServerSideEncryptionByDefault", "BucketKeyEnabled"])
        guard let apply = try rule.single("ApplyServerSideEncryptionByDefault") else { throw S3Error.malformedXML() }
        try apply.requireOnly(["SSEAlgorithm", "KMSMasterKeyID"])
        guard let algorithm = try apply.singleToken("SSEAlgorithm"), algorithms.contains(algorithm) else {
            throw S3Error.malformedXML()
        }
        let keyID = try apply.singleToken("KMSMasterKeyID").flatMap { $0.isEmpty ? nil : $0 }
        if keyID != nil && algorithm == "AES256" {
            throw S3Error.invalidArgument("a KMSMasterKeyID is not applicable if the default sse algorithm is not aws:kms or aws:kms:dsse",
                                          name: "ApplyServerSideEncryptionByDefault")
        }
        return BucketEncryptionConfiguration(algorithm: algorithm, kmsMasterKeyID: keyID,
                                             bucketKeyEnabled: try rule.singleBool("BucketKeyEnabled") ?? false)
    }

    /// The GetBucketEncryption answer.
    public func xmlBody() -> [UInt8] {
        var xml = XMLWriter()
        xml.declaration()
        xml.open("ServerSideEncryptionConfiguration", namespace: XMLWriter.s3Namespace)
        xml.open("Rule")
        xml.open("ApplyServerSideEncryptionByDefault")
        xml.element("SSEAlgorithm", algorithm)
        xml.optional("KMSMasterKeyID", kmsMasterKeyID)
        xml.close("ApplyServerSideEncryptionByDefault")
        xml.element("BucketKeyEnabled", bucketKeyEnabled ? "true" : "false")
        xml.close("Rule")
        xml.close("ServerSideEncryptionConfiguration")
        return xml.bytes
    }
}
