extension XMLWriter {
    /// The namespace of every S3 response document (`xmlns` on the root element).
    public static let s3Namespace = "http://s3.amazonaws.com/doc/2006-03-01/"

    /// Writes `<name xmlns="http://s3.amazonaws.com/doc/2006-03-01/"/>`, the form S3 sends for a
    /// configuration with nothing in it (GetBucketVersioning on a bucket never versioned).
    public mutating func emptyS3Root(_ name: String) {
        raw("<"); raw(name); raw(#" xmlns=""#); raw(XMLWriter.s3Namespace); raw("\"/>")
    }
}
