/// The version of Pail, as `pail --version` prints it and the server banner shows it.
public enum PailVersion {
    /// The release this source tree builds, in semantic-versioning form (`MAJOR.MINOR.PATCH`).
    public static let current = "0.7.0"
}
