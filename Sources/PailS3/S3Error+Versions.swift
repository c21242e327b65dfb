extension S3Error {
    /// A version id that names no version of the key (GET/HEAD/tagging with `versionId`).
    public static func noSuchVersion(key: String, versionId: String) -> S3Error {
        S3Error("NoSuchVersion", 404, "The specified version does not exist.",
                details: [("Key", key), ("VersionId", versionId)])
    }

    /// A version id this server could never have issued.
    public static func invalidVersionId(_ id: String) -> S3Error {
        invalidArgument("Invalid version id specified", name: "versionId", value: id)
    }
}

extension S3Error {
    /// Adds a response header the error must carry.
    public func header(_ name: String, _ value: String) -> S3Error {
        var copy = self
        copy.headers.append((name, value))
        return copy
    }
}
