/// The IAM actions of Amazon S3 that a bucket or identity policy can name, with the resource each
/// applies to (Service Authorization Reference, "Actions, resources, and condition keys for Amazon
/// S3"). Policies name them `s3:GetObject`; matching is case-insensitive. The catalogue is what
/// wildcards such as `s3:Get*` expand against, and what lets a policy naming an action S3 does not
/// have be refused ("Policy has invalid action").
public enum S3Action: String, CaseIterable, Sendable {
    // Objects (arn:aws:s3:::bucket/key)
    case abortMultipartUpload = "AbortMultipartUpload"
    case bypassGovernanceRetention = "BypassGovernanceRetention"
    case deleteObject = "DeleteObject"
    case deleteObjectTagging = "DeleteObjectTagging"
    case deleteObjectVersion = "DeleteObjectVersion"
    case deleteObjectVersionTagging = "DeleteObjectVersionTagging"
    case getObject = "GetObject"
    case getObjectAcl = "GetObjectAcl"
    case getObjectAttributes = "GetObjectAttributes"
    case getObjectLegalHold = "GetObjectLegalHold"
    case getObjectRetention = "GetObjectRetention"
    case getObjectTagging = "GetObjectTagging"
    case getObjectTorrent = "GetObjectTorrent"
    case getObjectVersion = "GetObjectVersion"
    case getObjectVersionAcl = "GetObjectVersionAcl"
    case getObjectVersionAttributes = "GetObjectVersionAttributes"
    case getObjectVersionForReplication = "GetObjectVersionForReplication"
    case getObjectVersionTagging = "GetObjectVersionTagging"
    case getObjectVersionTorrent = "GetObjectVersionTorrent"
    case initiateReplication = "InitiateReplication"
    case listMultipartUploadParts = "ListMultipartUploadParts"
    case objectOwnerOverrideToBucketOwner = "ObjectOwnerOverrideToBucketOwner"
    case putObject = "PutObject"
    case putObjectAcl = "PutObjectAcl"
    case putObjectLegalHold = "PutObjectLegalHold"
    case putObjectRetention = "PutObjectRetention"
    case putObjectTagging = "PutObjectTagging"
    case putObjectVersionAcl = "PutObjectVersionAcl"
    case putObjectVersionTagging = "PutObjectVersionTagging"
    case replicateDelete = "ReplicateDelete"
    case replicateObject = "ReplicateObject"
    case replicateTags = "ReplicateTags"
    case restoreObject = "RestoreObject"
    // Buckets (arn:aws:s3:::bucket)
    case createBucket = "CreateBucket"
    case deleteBucket = "DeleteBucket"
    case deleteBucketPolicy = "DeleteBucketPolicy"
    case deleteBucketWebsite = "DeleteBucketWebsite"
    case getAccelerateConfiguration = "GetAccelerateConfiguration"
    case getAnalyticsConfiguration = "GetAnalyticsConfiguration"
    case getBucketAcl = "GetBucketAcl"
    case getBucketCORS = "GetBucketCORS"
    case getBucketLocation = "GetBucketLocation"
    case getBucketLogging = "GetBucketLogging"
    case getBucketNotification = "GetBucketNotification"
    case getBucketObjectLockConfiguration = "GetBucketObjectLockConfiguration"
    case getBucketOwnershipControls = "GetBucketOwnershipControls"
    case getBucketPolicy = "GetBucketPolicy"
    case getBucketPolicyStatus = "GetBucketPolicyStatus"
    case getBucketPublicAccessBlock = "GetBucketPublicAccessBlock"
    case getBucketRequestPayment = "GetBucketRequestPayment"
    case getBucketTagging = "GetBucketTagging"
    case getBucketVersioning = "GetBucketVersioning"
    case getBucketWebsite = "GetBucketWebsite"
    case getEncryptionConfiguration = "GetEncryptionConfiguration"
    case getIntelligentTieringConfiguration = "GetIntelligentTieringConfiguration"
    case getInventoryConfiguration = "GetInventoryConfiguration"
    case getLifecycleConfiguration = "GetLifecycleConfiguration"
    case getMetricsConfiguration = "GetMetricsConfiguration"
    case getReplicationConfiguration = "GetReplicationConfiguration"
    case listBucket = "ListBucket"
    case listBucketMultipartUploads = "ListBucketMultipartUploads"
    case listBucketVersions = "ListBucketVersions"
    case putAccelerateConfiguration = "PutAccelerateConfiguration"
    case putAnalyticsConfiguration = "PutAnalyticsConfiguration"
    case putBucketAcl = "PutBucketAcl"
    case putBucketCORS = "PutBucketCORS"
    case putBucketLogging = "PutBucketLogging"
    case putBucketNotification = "PutBucketNotification"
    case putBucketObjectLockConfiguration = "PutBucketObjectLockConfiguration"
    case putBucketOwnershipControls = "PutBucketOwnershipControls"
    case putBucketPolicy = "PutBucketPolicy"
    case putBucketPublicAccessBlock = "PutBucketPublicAccessBlock"
    case putBucketRequestPayment = "PutBucketRequestPayment"
    case putBucketTagging = "PutBucketTagging"
    case putBucketVersioning = "PutBucketVersioning"
    case putBucketWebsite = "PutBucketWebsite"
    case putEncryptionConfiguration = "PutEncryptionConfiguration"
    case putIntelligentTieringConfiguration = "PutIntelligentTieringConfiguration"
    case putInventoryConfiguration = "PutInventoryConfiguration"
    case putLifecycleConfiguration = "PutLifecycleConfiguration"
    case putMetricsConfiguration = "PutMetricsConfiguration"
    case putReplicationConfiguration = "PutReplicationConfiguration"
    // The account (Resource "*")
    case listAllMyBuckets = "ListAllMyBuckets"
    case getAccountPublicAccessBlock = "GetAccountPublicAccessBlock"
    case putAccountPublicAccessBlock = "PutAccountPublicAccessBlock"

    /// What an action's resource is.
    public enum Resource: Sendable { case object, bucket, account }

    public var resource: Resource {
        switch self {
        case .createBucket, .deleteBucket, .deleteBucketPolicy, .deleteBucketWebsite, .getAccelerateConfiguration,
             .getAnalyticsConfiguration, .getBucketAcl, .getBucketCORS, .getBucketLocation, .getBucketLogging,
             .getBucketNotification, .getBucketObjectLockConfiguration, .getBucketOwnershipControls, .getBucketPolicy,
             .getBucketPolicyStatus, .getBucketPublicAccessBlock, .getBucketRequestPayment, .getBucketTagging,
             .getBucketVersioning, .getBucketWebsite, .getEncryptionConfiguration, .getIntelligentTieringConfiguration,
             .getInventoryConfiguration, .getLifecycleConfiguration, .getMetricsConfiguration,
             .getReplicationConfiguration, .listBucket, .listBucketMultipartUploads, .listBucketVersions,
             .putAccelerateConfiguration, .putAnalyticsConfiguration, .putBucketAcl, .putBucketCORS, .putBucketLogging,
             .putBucketNotification, .putBucketObjectLockConfiguration, .putBucketOwnershipControls, .putBucketPolicy,
             .putBucketPublicAccessBlock, .putBucketRequestPayment, .putBucketTagging, .putBucketVersioning,
             .putBucketWebsite, .putEncryptionConfiguration, .putIntelligentTieringConfiguration,
             .putInventoryConfiguration, .putLifecycleConfiguration, .putMetricsConfiguration,
             .putReplicationConfiguration:
            return .bucket
        case .listAllMyBuckets, .getAccountPublicAccessBlock, .putAccountPublicAccessBlock:
            return .account
        default:
            return .object
        }
    }

    /// `s3:` and the name, as policies and logs spell it.
    public var iamName: String { "s3:" + rawValue }

    /// Position in `allCases`, for `S3ActionSet`.
    var bit: Int { Self.bits[self]! }
    private static let bits: [S3Action: Int] = Dictionary(uniqueKeysWithValues: allCases.enumerated().map { ($1, $0) })
    static let lowercasedNames: [(S3Action, [UInt8])] = allCases.map { ($0, Array($0.iamName.lowercased().utf8)) }
}

/// A set of S3 actions as a bitmap: what an Action or NotAction element names, resolved once when the
/// policy is read, so that matching a request is one bit test.
public struct S3ActionSet: Sendable, Equatable {
    private var words: (UInt64, UInt64) = (0, 0)

    public init() {}

    public static var all: S3ActionSet {
        var s = S3ActionSet()
        for a in S3Action.allCases { s.insert(a) }
        return s
    }

    public mutating func insert(_ a: S3Action) {
        let b = a.bit
        if b < 64 { words.0 |= 1 << UInt64(b) } else { words.1 |= 1 << UInt64(b - 64) }
    }

    public func contains(_ a: S3Action) -> Bool { contains(bit: a.bit) }

    /// `contains` for an action's position, looked up once per request rather than per statement.
    func contains(bit b: Int) -> Bool {
        b < 64 ? words.0 & (1 << UInt64(b)) != 0 : words.1 & (1 << UInt64(b - 64)) != 0
    }

    public mutating func formUnion(_ other: S3ActionSet) {
        words.0 |= other.words.0
        words.1 |= other.words.1
    }

    public var isEmpty: Bool { words.0 == 0 && words.1 == 0 }

    public var members: [S3Action] { S3Action.allCases.filter(contains) }

    public static func == (a: S3ActionSet, b: S3ActionSet) -> Bool { a.words == b.words }

    /// The actions an action pattern names: `*`, or `s3:` and a name with `*` and `?` wildcards,
    /// compared without regard to case (IAM User Guide, "IAM JSON policy elements: Action").
    public static func matching(_ pattern: String) -> S3ActionSet {
        var set = S3ActionSet()
        let lower = pattern.lowercased()
        if lower == "*" { return .all }
        let bytes = Array(lower.utf8)
        for (action, name) in S3Action.lowercasedNames where Wildcard.matches(bytes, name) { set.insert(action) }
        return set
    }
}
