/// The condition keys a policy may use (Service Authorization Reference, "Condition keys for Amazon
/// S3"). Any `aws:` key is accepted, as S3 does, since AWS keeps adding global keys; an `s3:` key S3
/// does not define is refused ("Policy has an invalid condition key").
public enum ConditionKeys {
    /// S3's own keys, lower-cased. Keys ending in `/` take a suffix (`s3:ExistingObjectTag/<key>`).
    static let s3: Set<String> = [
        "s3:accessgrantsinstancearn", "s3:accesspointnetworkorigin", "s3:authtype", "s3:dataaccesspointaccount",
        "s3:dataaccesspointarn", "s3:delimiter", "s3:if-match", "s3:if-none-match", "s3:locationconstraint",
        "s3:max-keys", "s3:object-lock-legal-hold", "s3:object-lock-mode", "s3:object-lock-remaining-retention-days",
        "s3:object-lock-retain-until-date", "s3:objectcreationoperation", "s3:prefix", "s3:requestobjecttagkeys",
        "s3:resourceaccount", "s3:signatureage", "s3:signatureversion", "s3:tlsversion", "s3:versionid",
        "s3:x-amz-acl", "s3:x-amz-content-sha256", "s3:x-amz-copy-source", "s3:x-amz-grant-full-control",
        "s3:x-amz-grant-read", "s3:x-amz-grant-read-acp", "s3:x-amz-grant-write", "s3:x-amz-grant-write-acp",
        "s3:x-amz-metadata-directive", "s3:x-amz-object-ownership", "s3:x-amz-server-side-encryption",
        "s3:x-amz-server-side-encryption-aws-kms-key-id", "s3:x-amz-server-side-encryption-customer-algorithm",
        "s3:x-amz-storage-class", "s3:x-amz-website-redirect-location",
    ]
    static let s3Prefixed = ["s3:existingobjecttag/", "s3:requestobjecttag/", "s3:buckettag/"]

    /// Whether `key` (any case) may appear in a Condition.
    public static func isValid(_ key: String) -> Bool {
        let k = key.lowercased()
        if k.hasPrefix("aws:") { return k.count > 4 }
        if s3.contains(k) { return true }
        return s3Prefixed.contains { k.hasPrefix($0) && k.count > $0.count }
    }
}
