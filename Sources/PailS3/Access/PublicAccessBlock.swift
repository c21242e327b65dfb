/// A bucket's public access block (S3 API reference, PublicAccessBlockConfiguration). Each flag
/// absent from a PutPublicAccessBlock body is false.
public struct PublicAccessBlock: Sendable, Equatable, Codable {
    /// PutBucketAcl, PutObjectAcl, PutObject and CreateBucket that ask for a public ACL fail.
    public var blockPublicAcls = false
    /// Public ACLs are ignored when deciding access.
    public var ignorePublicAcls = false
    /// PutBucketPolicy with a public policy fails.
    public var blockPublicPolicy = false
    /// With a public policy, only principals of the bucket owner's account have access through it.
    public var restrictPublicBuckets = false

    public init(blockPublicAcls: Bool = false, ignorePublicAcls: Bool = false, blockPublicPolicy: Bool = false,
                restrictPublicBuckets: Bool = false) {
        self.blockPublicAcls = blockPublicAcls
        self.ignorePublicAcls = ignorePublicAcls
        self.blockPublicPolicy = blockPublicPolicy
        self.restrictPublicBuckets = restrictPublicBuckets
    }

    /// All four on: what AWS gives new buckets since April 2023.
    public static let all = PublicAccessBlock(blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: true,
                                              restrictPublicBuckets: true)

    /// Reads a PutPublicAccessBlock body; MalformedXML for an unknown element or a flag that is not
    /// `true`/`false`.
    public static func parse(_ body: [UInt8]) throws -> PublicAccessBlock {
        let doc = try XMLReader.parse(body)
        guard doc.name == "PublicAccessBlockConfiguration" else { throw S3Error.malformedXML() }
        try doc.requireOnly(["BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets"])
        return PublicAccessBlock(blockPublicAcls: try doc.singleBool("BlockPublicAcls") ?? false,
                                 ignorePublicAcls: try doc.singleBool("IgnorePublicAcls") ?? false,
                                 blockPublicPolicy: try doc.singleBool("BlockPublicPolicy") ?? false,
                                 restrictPublicBuckets: try doc.singleBool("RestrictPublicBuckets") ?? false)
    }

    /// The GetPublicAccessBlock document.
    public var xml: [UInt8] {
        var xml = XMLWriter()
        xml.declaration()
        xml.open("PublicAccessBlockConfiguration", namespace: XMLWriter.s3Namespace)
        xml.element("BlockPublicAcls", blockPublicAcls ? "true" : "false")
        xml.element("IgnorePublicAcls", ignorePublicAcls ? "true" : "false")
        xml.element("BlockPublicPolicy", blockPublicPolicy ? "true" : "false")
        xml.element("RestrictPublicBuckets", restrictPublicBuckets ? "true" : "false")
        xml.close("PublicAccessBlockConfiguration")
        return xml.bytes
    }
}
