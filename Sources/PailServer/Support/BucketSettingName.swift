/// Names of the per-bucket settings the store keeps for the server (values are JSON).
enum BucketSettingName {
    static let tagging = "tagging"
    static let lifecycle = "lifecycle"
    static let objectLock = "object-lock"
    static let encryption = "encryption"
}
