/// A bucket's versioning state once it has been set: `Enabled` or `Suspended`
/// (docs.aws.amazon.com/AmazonS3/latest/API/API_VersioningConfiguration.html). A bucket never
/// set has no status at all (`VersioningConfiguration.status == nil`), and once set can never go
/// back to that.
public enum VersioningStatus: String, Sendable, Equatable, Codable {
    /// Every write makes a new version with a unique version ID.
    case enabled = "Enabled"
    /// Writes make the version with ID `null`, replacing any existing `null` version.
    case suspended = "Suspended"
}
