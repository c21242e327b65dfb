/// Whether MFA delete is on, as PutBucketVersioning's `<MfaDelete>` and GetBucketVersioning's
/// answer write it (docs.aws.amazon.com/AmazonS3/latest/API/API_VersioningConfiguration.html).
/// Pail accepts `Disabled` and refuses to turn MFA delete on (see `VersioningConfiguration.parse`).
public enum MFADeleteStatus: String, Sendable, Equatable, Codable {
    case enabled = "Enabled"
    case disabled = "Disabled"
}
