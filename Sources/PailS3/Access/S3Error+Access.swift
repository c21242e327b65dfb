// Errors of ACLs, bucket policies, ownership controls and public access blocks (S3 API reference,
// "Error responses", and the pages of each operation).
extension S3Error {
    public static func malformedACL() -> S3Error {
        S3Error("MalformedACLError", 400, "The XML you provided was not well-formed or did not validate against our published schema.")
    }
    public static func accessControlListNotSupported() -> S3Error {
        S3Error("AccessControlListNotSupported", 400, "The bucket does not allow ACLs")
    }
    public static func invalidBucketAclWithObjectOwnership() -> S3Error {
        S3Error("InvalidBucketAclWithObjectOwnership", 400, "Bucket cannot have ACLs set with ObjectOwnership's BucketOwnerEnforced setting")
    }
    public static func unresolvableGrantByEmailAddress(_ email: String) -> S3Error {
        S3Error("UnresolvableGrantByEmailAddress", 400, "The e-mail address you provided does not match any account on record.",
                details: [("EmailAddress", email)])
    }
    public static func noSuchBucketPolicy(_ bucket: String) -> S3Error {
        S3Error("NoSuchBucketPolicy", 404, "The bucket policy does not exist", details: [("BucketName", bucket)])
    }
    public static func noSuchPublicAccessBlock(_ bucket: String) -> S3Error {
        S3Error("NoSuchPublicAccessBlockConfiguration", 404, "The public access block configuration was not found",
                details: [("BucketName", bucket)])
    }
    public static func ownershipControlsNotFound(_ bucket: String) -> S3Error {
        S3Error("OwnershipControlsNotFoundError", 404, "The bucket ownership controls were not found", details: [("BucketName", bucket)])
    }
}
