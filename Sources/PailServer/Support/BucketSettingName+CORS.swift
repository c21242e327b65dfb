extension BucketSettingName {
    /// The bucket's `CORSConfiguration` (JSON of `PailS3.CORSConfiguration`).
    static let cors = "cors"
}
