/// One KMS key the server can use: how requests may name it and the material that wraps data keys.
struct KMSKey {
    /// The key id (`1234abcd-…`, or a configured name).
    let id: String
    /// What responses report in `x-amz-server-side-encryption-aws-kms-key-id`.
    let arn: String
    /// `alias/NAME`s.
    let aliases: [String]
    /// 32 bytes, derived from the master key and `id`.
    let material: [UInt8]
}
