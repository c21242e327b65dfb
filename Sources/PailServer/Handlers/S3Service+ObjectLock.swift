import Foundation
import PailHTTP
import PailS3
import PailStorage

/// Object Lock (S3 User Guide, "Locking objects with Object Lock"): the bucket configuration, per
/// version retention and legal hold, and the `x-amz-object-lock-*` headers of writes and reads.
/// Deletion is enforced by the store, against the server clock (`StorageError.objectLocked`).
extension S3Service {
    /// The bucket's Object Lock configuration, nil when Object Lock is not enabled (cached: every
    /// PUT asks, for the default retention).
    func objectLock(_ bucket: String) throws -> ObjectLockConfiguration? {
        try objectLocks.value(bucket) {
            try storage(bucket: bucket) { try store.bucketSetting(bucket, BucketSettingName.objectLock) }
                .flatMap { try? BucketSettingCoding.decode(ObjectLockConfiguration.self, $0) }
        }
    }

    func getObjectLockConfiguration(_ r: S3Request) throws -> HTTPResponse {
        let bucket = try r.requireBucket()
        try ownedBucket(r, bucket)
        guard let configuration = try objectLock(bucket) else {
            throw S3Error("ObjectLockConfigurationNotFoundError", 404, "Object Lock configuration does not exist for this bucket")
                .with("BucketName", bucket)
        }
        return S3XML.response(configuration.xmlBody())
    }

    /// Enables Object Lock on a versioned bucket (allowed on existing buckets since 2023) or changes
    /// its default retention. Without versioning Enabled, 409 InvalidBucketState.
    func putObjectLockConfiguration(_ r: S3Request) throws -> HTTPResponse {
        let bucket = try r.requireBucket()
        let info = try ownedBucket(r, bucket)
        let configuration = try ObjectLockConfiguration.parse(try PayloadReader(request: r).readXML(limit: 64 * 1024))
        guard info.versioning == .enabled else {
            throw S3Error("InvalidBucketState", 409, "Versioning must be 'Enabled' on the bucket to apply a Object Lock configuration")
        }
        try enableObjectLock(bucket, configuration)
        return HTTPResponse(status: 200)
    }

    func enableObjectLock(_ bucket: String, _ configuration: ObjectLockConfiguration) throws {
        let bytes = try BucketSettingCoding.encode(configuration)
        try storeBucketSetting(bucket, BucketSettingName.objectLock, bytes)
    }

    /// The lock state a write asks for with `x-amz-object-lock-mode`, `-retain-until-date` and
    /// `-legal-hold`, or the bucket's default retention; nil when neither applies.
    func requestLock(_ r: S3Request, bucket: String) throws -> ObjectLockState? {
        let h = r.headers
        let modeText = h["x-amz-object-lock-mode"], dateText = h["x-amz-object-lock-retain-until-date"]
        let holdText = h["x-amz-object-lock-legal-hold"]
        let configuration = try objectLock(bucket)
        if modeText != nil || dateText != nil || holdText != nil {
            guard configuration != nil else { throw S3Error.invalidRequest("Bucket is missing Object Lock Configuration") }
        }
        guard let configuration else { return nil }
        var state = ObjectLockState()
        if modeText != nil || dateText != nil {
            guard let modeText, let dateText else {
                throw S3Error.invalidArgument("x-amz-object-lock-retain-until-date and x-amz-object-lock-mode must both be supplied")
            }
            guard let mode = ObjectLockState.Mode(rawValue: modeText) else {
                throw S3Error.invalidArgument("Unknown wormMode directive.", name: "x-amz-object-lock-mode", value: modeText)
            }
            guard let date = S3Date.parseISO8601(dateText) else {
                throw S3Error.invalidArgument("The retain until date must be provided in ISO 8601 format",
                                              name: "x-amz-object-lock-retain-until-date", value: dateText)
            }
            guard date > clock.now() else {
                throw S3Error.invalidArgument("The retain until date must be in the future!",
                                              name: "x-amz-object-lock-retain-until-date", value: dateText)
            }
            state.mode = mode
            state.retainUntil = date
        } else if let mode = configuration.defaultMode, let until = configuration.defaultRetainUntil(from: r.received) {
            state.mode = ObjectLockState.Mode(rawValue: mode)
            state.retainUntil = until
        }
        if let holdText {
            guard holdText == "ON" || holdText == "OFF" else {
                throw S3Error.invalidArgument("Legal Hold must be either of 'ON' or 'OFF'", name: "x-amz-object-lock-legal-hold", value: holdText)
            }
            state.legalHold = holdText == "ON"
        }
        return state == ObjectLockState() ? nil : state
    }

    /// The Object Lock headers GET and HEAD carry.
    func addLockHeaders(_ info: ObjectInfo, to headers: inout HTTPHeaders) {
        guard let lock = info.metadata.lock else { return }
        if let mode = lock.mode, let until = lock.retainUntil {
            headers.add("x-amz-object-lock-mode", mode.rawValue)
            headers.add("x-amz-object-lock-retain-until-date", S3Date.iso8601(until))
        }
        headers.add("x-amz-object-lock-legal-hold", lock.legalHold ? "ON" : "OFF")
    }

    /// `x-amz-bypass-governance-retention: true`, honoured for those allowed
    /// s3:BypassGovernanceRetention on the object: root, the bucket's owner, and identities a bucket
    /// or identity policy allows it (S3 User Guide, "Bypassing governance mode").
    /// `key`: the object, when it is not the request's (a DeleteObjects entry).
    func bypassesGovernance(_ r: S3Request, bucket: BucketInfo, key: String? = nil, version: VersionSelector? = nil) -> Bool {
        guard r.headers["x-amz-bypass-governance-retention"]?.lowercased() == "true" else { return false }
        return authorizer.permits(AccessCheck(action: .bypassGovernanceRetention, bucket: bucket.name, key: key ?? r.key,
                                              version: version ?? VersionSelector(r.param("versionId"))), r)
    }

    func getObjectRetention(_ r: S3Request) throws -> HTTPResponse {
        let (bucket, key, info) = try lockedVersion(r)
        guard let lock = info.metadata.lock, let mode = lock.mode, let until = lock.retainUntil else {
            throw S3Error("NoSuchObjectLockConfiguration", 404, "The specified object does not have a ObjectLock configuration")
                .with("BucketName", bucket).with("Key", key)
        }
        return S3XML.response(ObjectRetention(mode: mode.rawValue, retainUntil: until).xmlBody())
    }

    /// PutObjectRetention: retention may be extended by anyone who may write it; shortened or
    /// removed only in GOVERNANCE mode with the bypass header; COMPLIANCE never loosens.
    func putObjectRetention(_ r: S3Request) throws -> HTTPResponse {
        let bucket = try r.requireBucket(), key = try r.requireKey()
        let bucketInfo = try ownedBucket(r, bucket)
        guard try objectLock(bucket) != nil else { throw S3Error.invalidRequest("Bucket is missing Object Lock Configuration") }
        let wanted = try ObjectRetention.parse(try PayloadReader(request: r).readXML(limit: 64 * 1024))
        if let until = wanted.retainUntil, until <= clock.now() {
            throw S3Error.invalidArgument("The retain until date must be in the future!", name: "RetainUntilDate",
                                          value: S3Date.iso8601(until))
        }
        let bypass = bypassesGovernance(r, bucket: bucketInfo)
        let versionParam = r.param("versionId")
        let info = try storage(bucket: bucket, key: key, versionId: versionParam) {
            try store.changeLock(bucket: bucket, key: key, version: VersionSelector(versionParam)) { old, now in
                var state = old ?? ObjectLockState()
                if state.isRetained(at: now), let oldMode = state.mode, let oldUntil = state.retainUntil {
                    let loosens = wanted.retainUntil.map { $0 < oldUntil } ?? true
                        || (oldMode == .compliance && wanted.mode != ObjectLockState.Mode.compliance.rawValue)
                    if loosens && !(oldMode == .governance && bypass) { throw StorageError.objectLocked }
                }
                state.mode = wanted.mode.flatMap(ObjectLockState.Mode.init(rawValue:))
                state.retainUntil = wanted.retainUntil
                return state == ObjectLockState() ? nil : state
            }
        }
        return versioned(HTTPResponse(status: 200), info, versionParam)
    }

    func getObjectLegalHold(_ r: S3Request) throws -> HTTPResponse {
        let (bucket, key, info) = try lockedVersion(r)
        guard let lock = info.metadata.lock else {
            throw S3Error("NoSuchObjectLockConfiguration", 404, "The specified object does not have a ObjectLock configuration")
                .with("BucketName", bucket).with("Key", key)
        }
        return S3XML.response(LegalHoldDocument.xmlBody(on: lock.legalHold))
    }

    func putObjectLegalHold(_ r: S3Request) throws -> HTTPResponse {
        let bucket = try r.requireBucket(), key = try r.requireKey()
        try ownedBucket(r, bucket)
        guard try objectLock(bucket) != nil else { throw S3Error.invalidRequest("Bucket is missing Object Lock Configuration") }
        let on = try LegalHoldDocument.parse(try PayloadReader(request: r).readXML(limit: 64 * 1024))
        let versionParam = r.param("versionId")
        let info = try storage(bucket: bucket, key: key, versionId: versionParam) {
            try store.changeLock(bucket: bucket, key: key, version: VersionSelector(versionParam)) { old, _ in
                var state = old ?? ObjectLockState()
                state.legalHold = on
                return state == ObjectLockState() ? nil : state
            }
        }
        return versioned(HTTPResponse(status: 200), info, versionParam)
    }

    private func lockedVersion(_ r: S3Request) throws -> (String, String, ObjectInfo) {
        let bucket = try r.requireBucket(), key = try r.requireKey()
        try ownedBucket(r, bucket)
        guard try objectLock(bucket) != nil else { throw S3Error.invalidRequest("Bucket is missing Object Lock Configuration") }
        let versionParam = r.param("versionId")
        let info = try storage(bucket: bucket, key: key, versionId: versionParam) {
            try store.head(bucket: bucket, key: key, version: VersionSelector(versionParam))
        }
        return (bucket, key, info)
    }

    private func xmlResponse(_ body: [UInt8], _ info: ObjectInfo) -> HTTPResponse {
        return S3XML.response(body)
    }

    private func versioned(_ response: HTTPResponse, _ info: ObjectInfo, _ asked: String?) -> HTTPResponse {
        var response = response
        if info.versionId != nil || asked != nil { response.headers.add("x-amz-version-id", info.versionIdOrNull) }
        return response
    }
}
