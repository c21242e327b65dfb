import PailStorage

extension S3Service {
    /// Stores one bucket setting (nil removes it) and forgets every cached reading of it, so the next
    /// request sees the change: each cache is invalidated here, in one place, rather than by each
    /// handler that writes the setting.
    func storeBucketSetting(_ bucket: String, _ name: String, _ value: [UInt8]?) throws {
        try storage(bucket: bucket) { try store.setBucketSetting(bucket, name, value) }
        switch name {
        case BucketSettingName.cors: corsConfigurations.invalidate(bucket)
        case BucketSettingName.lifecycle: lifecycles.invalidate(bucket)
        case BucketSettingName.encryption: encryption.defaults.invalidate(bucket)
        case BucketSettingName.objectLock: objectLocks.invalidate(bucket)
        case BucketSettingName.acl, BucketSettingName.policy, BucketSettingName.ownershipControls,
             BucketSettingName.publicAccessBlock, BucketSettingName.objectACLs:
            authorizer.invalidate(bucket)
        default: break
        }
    }

    /// Forgets every cached setting of `bucket` (it was deleted).
    func forgetBucketSettings(_ bucket: String) {
        lifecycles.invalidate(bucket)
        objectLocks.invalidate(bucket)
        corsConfigurations.invalidate(bucket)
        encryption.defaults.invalidate(bucket)
        authorizer.invalidate(bucket)
    }

    /// `storeBucketSetting` of `value` in its stored form (`BucketSettingCoding`).
    func storeBucketSetting<T: Encodable>(_ bucket: String, _ name: String, encoding value: T) throws {
        try storeBucketSetting(bucket, name, try BucketSettingCoding.encode(value))
    }
}
