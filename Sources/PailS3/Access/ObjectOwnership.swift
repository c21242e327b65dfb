/// A bucket's Object Ownership setting (S3 User Guide, "Controlling ownership of objects and
/// disabling ACLs for your bucket").
public enum ObjectOwnership: String, Sendable, Codable, CaseIterable {
    /// ACLs are disabled: the bucket owner owns every object, and a request setting an ACL other than
    /// bucket-owner-full-control (or one granting the owner alone) gets AccessControlListNotSupported.
    case bucketOwnerEnforced = "BucketOwnerEnforced"
    /// The bucket owner owns objects written with the bucket-owner-full-control canned ACL.
    case bucketOwnerPreferred = "BucketOwnerPreferred"
    /// The writer owns what it writes (the behaviour before ownership controls existed).
    case objectWriter = "ObjectWriter"

    /// Reads a PutBucketOwnershipControls body: exactly one Rule with an ObjectOwnership; anything
    /// else is MalformedXML.
    public static func parse(_ body: [UInt8]) throws -> ObjectOwnership {
        let doc = try XMLReader.parse(body)
        guard doc.name == "OwnershipControls" else { throw S3Error.malformedXML() }
        try doc.requireOnly(["Rule"])
        let rules = doc.children("Rule")
        guard rules.count == 1 else { throw S3Error.malformedXML() }
        try rules[0].requireOnly(["ObjectOwnership"])
        guard let text = try rules[0].singleToken("ObjectOwnership"), let value = ObjectOwnership(rawValue: text) else {
            throw S3Error.malformedXML()
        }
        return value
    }

    /// The GetBucketOwnershipControls document.
    public var xml: [UInt8] {
        var xml = XMLWriter()
        xml.declaration()
        xml.open("OwnershipControls", namespace: XMLWriter.s3Namespace)
        xml.open("Rule")
        xml.element("ObjectOwnership", rawValue)
        xml.close("Rule")
        xml.close("OwnershipControls")
        return xml.bytes
    }
}
