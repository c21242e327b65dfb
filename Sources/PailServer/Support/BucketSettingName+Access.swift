/// The bucket settings that hold who may do what (values JSON, the policy as sent).
extension BucketSettingName {
    static let acl = "acl"
    static let ownershipControls = "ownershipControls"
    static let publicAccessBlock = "publicAccessBlock"
    static let policy = "policy"
    /// Present once an object of the bucket was stored with an ACL of its own (another owner, or
    /// grants): until then every object has the default ACL and authorization never reads one.
    static let objectACLs = "objectACLs"
}
