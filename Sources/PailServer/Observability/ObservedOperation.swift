import PailS3

/// The operation a request is counted and logged under: an `S3Operation`, or one of the requests
/// Pail answers outside S3 (STS actions, IMDS paths, the admin API, health probes, metrics).
///
/// An index into one fixed table, so that metrics keep per-operation counters in flat arrays and a
/// request costs no hashing or string work to count.
struct ObservedOperation: Equatable {
    /// Index into `names`.
    let index: Int

    /// Every name, S3 operations first in `S3Operation.allCases` order, then the non-S3 ones.
    static let names: [String] = S3Operation.allCases.map(\.rawValue) + extraNames

    /// STS actions by their API names (https://docs.aws.amazon.com/STS/latest/APIReference/API_Operations.html);
    /// IMDS requests by the names fault rules match (`GetToken`, `GetRoleCredentials`, `ListRoles`,
    /// `GetMetadata`); Pail's own endpoints as `Pail…`/`MinioHealth`.
    private static let extraNames = [
        "AssumeRole", "AssumeRoleWithWebIdentity", "GetCallerIdentity", "GetSessionToken",
        "GetToken", "GetRoleCredentials", "ListRoles", "GetMetadata",
        "PailAdmin", "PailHealth", "MinioHealth", "PailMetrics", "PailConsole",
    ]

    static var count: Int { names.count }

    var name: String { Self.names[index] }

    /// Enum order is declaration order, and `allCases` lists it so: the first lookup builds the map.
    private static let s3Indexes: [S3Operation: Int] = Dictionary(
        uniqueKeysWithValues: S3Operation.allCases.enumerated().map { ($0.element, $0.offset) })

    init(_ operation: S3Operation) { index = Self.s3Indexes[operation]! }

    private init(index: Int) { self.index = index }

    /// A non-S3 name from the table; names outside it (an unknown STS action) count as `Unknown`.
    init(named name: String) {
        self.init(index: Self.names.firstIndex(of: name) ?? Self.s3Indexes[.unknown]!)
    }

    static let admin = ObservedOperation(named: "PailAdmin")
    static let health = ObservedOperation(named: "PailHealth")
    static let minioHealth = ObservedOperation(named: "MinioHealth")
    static let metrics = ObservedOperation(named: "PailMetrics")
    static let console = ObservedOperation(named: "PailConsole")
}
