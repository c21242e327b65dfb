/// One KMS key of the `kms` section: its `id` (the key id requests may name), and optionally the
/// ARN responses report (default `arn:aws:kms:REGION:000000000000:key/ID`) and an alias
/// (`alias/NAME`).
public struct KMSKeySpec: Codable, Sendable, Equatable {
    public var id: String
    public var arn: String?
    public var alias: String?

    public init(id: String, arn: String? = nil, alias: String? = nil) {
        self.id = id
        self.arn = arn
        self.alias = alias
    }
}
