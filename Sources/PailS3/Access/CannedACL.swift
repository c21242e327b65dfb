/// The canned ACLs of `x-amz-acl` (S3 User Guide, "Canned ACL").
public enum CannedACL: String, Sendable, CaseIterable {
    case `private` = "private"
    case publicRead = "public-read"
    case publicReadWrite = "public-read-write"
    case awsExecRead = "aws-exec-read"
    case authenticatedRead = "authenticated-read"
    case bucketOwnerRead = "bucket-owner-read"
    case bucketOwnerFullControl = "bucket-owner-full-control"
    case logDeliveryWrite = "log-delivery-write"

    /// The ACL this canned ACL stands for on a resource owned by `owner` in a bucket owned by
    /// `bucketOwner` (the same for a bucket). "bucket-owner-read" and "bucket-owner-full-control"
    /// are ignored when creating a bucket: the owner is the bucket owner.
    public func acl(owner: String, bucketOwner: String) -> AccessControlList {
        var acl = AccessControlList.ownerOnly(owner)
        switch self {
        case .private, .awsExecRead: break
        case .publicRead: acl.grants.append(ACLGrant(.allUsers, .read))
        case .publicReadWrite:
            acl.grants.append(ACLGrant(.allUsers, .read))
            acl.grants.append(ACLGrant(.allUsers, .write))
        case .authenticatedRead: acl.grants.append(ACLGrant(.authenticatedUsers, .read))
        case .bucketOwnerRead:
            if bucketOwner != owner { acl.grants.append(ACLGrant(.canonicalUser(bucketOwner), .read)) }
        case .bucketOwnerFullControl:
            if bucketOwner != owner { acl.grants.append(ACLGrant(.canonicalUser(bucketOwner), .fullControl)) }
        case .logDeliveryWrite:
            acl.grants.append(ACLGrant(.group(ACLGrantee.logDeliveryURI), .write))
            acl.grants.append(ACLGrant(.group(ACLGrantee.logDeliveryURI), .readACP))
        }
        return acl
    }
}
