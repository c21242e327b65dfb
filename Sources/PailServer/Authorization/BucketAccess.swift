import PailS3
import PailStorage

/// What authorization needs to know about one bucket, read once and cached (`Authorizer.cache`):
/// its owner, ACL, object ownership setting, public access block and policy.
final class BucketAccess: Sendable {
    let name: String
    /// The owner's access key and canonical id.
    let owner: String
    let ownerID: String
    /// The bucket's ACL; nil stored means the default (the owner has FULL_CONTROL, no one else).
    let acl: AccessControlList
    /// Nil when never set: the bucket behaves as ObjectWriter.
    let ownership: ObjectOwnership?
    let publicAccessBlock: PublicAccessBlock?
    let policy: Policy?
    let policyText: [UInt8]?
    let policyIsPublic: Bool
    /// The policy has a Deny statement (root must look at it).
    let policyHasDeny: Bool
    /// Some object may carry an ACL of its own (see `BucketSettingName.objectACLs`).
    let objectACLs: Bool

    init(name: String, owner: String, ownerID: String, acl: AccessControlList?, ownership: ObjectOwnership?,
         publicAccessBlock: PublicAccessBlock?, policy: Policy?, policyText: [UInt8]?, objectACLs: Bool) {
        self.name = name
        self.owner = owner
        self.ownerID = ownerID
        self.acl = acl ?? .ownerOnly(ownerID)
        self.ownership = ownership
        self.publicAccessBlock = publicAccessBlock
        self.policy = policy
        self.policyText = policyText
        self.policyIsPublic = policy?.isPublic ?? false
        self.policyHasDeny = policy?.hasDeny ?? false
        self.objectACLs = objectACLs
    }

    /// ACLs are disabled (BucketOwnerEnforced): the owner owns everything and grants count for nothing.
    var aclsDisabled: Bool { ownership == .bucketOwnerEnforced }

    /// Nothing beyond ownership decides access: no policy and no object with an ACL of its own. The
    /// owner (and root) need no further look.
    var isPlain: Bool { policy == nil && !objectACLs }

    /// Reads a bucket's access settings from the store. Throws `.noSuchBucket`.
    static func load(_ bucket: String, store: ObjectStore, directory: AccessDirectory) throws -> BucketAccess {
        let info = try store.bucket(bucket)
        func setting<T: Decodable>(_ name: String, _ type: T.Type) throws -> T? {
            guard let bytes = try store.bucketSetting(bucket, name) else { return nil }
            return try? BucketSettingCoding.decode(type, bytes)
        }
        let policyText = try store.bucketSetting(bucket, BucketSettingName.policy)
        // A stored policy was valid when it was put; should the configuration have changed since
        // (a user removed), its statements are read without checking principals.
        let policy = try policyText.map { try? Policy.parse($0, kind: .bucket(bucket)) { _ in true } } ?? nil
        return BucketAccess(name: bucket, owner: info.owner, ownerID: Principal.canonicalID(info.owner),
                            acl: try setting(BucketSettingName.acl, AccessControlList.self),
                            ownership: try setting(BucketSettingName.ownershipControls, ObjectOwnership.self),
                            publicAccessBlock: try setting(BucketSettingName.publicAccessBlock, PublicAccessBlock.self),
                            policy: policy, policyText: policyText,
                            objectACLs: try store.bucketSetting(bucket, BucketSettingName.objectACLs) != nil)
    }
}
