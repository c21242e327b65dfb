import PailHTTP
import PailS3
import PailStorage

extension S3Service {
    /// GetBucketVersioning: an empty configuration until versioning was first enabled, then its
    /// Status (API reference, GetBucketVersioning).
    func getBucketVersioning(_ r: S3Request) throws -> HTTPResponse {
        let bucket = try r.requireBucket()
        let info = try ownedBucket(r, bucket)
        var xml = XMLWriter()
        xml.declaration()
        xml.open("VersioningConfiguration", namespace: S3XML.namespace)
        if let state = info.versioning { xml.element("Status", state.rawValue) }
        xml.close("VersioningConfiguration")
        return S3XML.response(xml)
    }

    /// PutBucketVersioning: Enabled or Suspended. MFA delete needs an MFA device, which a local
    /// server does not have: asking for it is refused rather than silently ignored.
    func putBucketVersioning(_ r: S3Request) throws -> HTTPResponse {
        let bucket = try r.requireBucket()
        try ownedBucket(r, bucket)
        let body = try PayloadReader(request: r).readXML(limit: 64 * 1024)
        let doc = try XMLReader.parse(body)
        guard doc.name == "VersioningConfiguration" else { throw S3Error.malformedXML() }
        if let mfa = doc.child("MfaDelete")?.text.trimmedSpaces(), !mfa.isEmpty {
            guard mfa == "Enabled" || mfa == "Disabled" else { throw S3Error.malformedXML() }
            if mfa == "Enabled" || r.headers["x-amz-mfa"] != nil {
                throw S3Error.invalidRequest("MFA delete is not supported by Pail: it needs an MFA device (x-amz-mfa), which a local server cannot verify.")
            }
        }
        guard let status = doc.child("Status")?.text.trimmedSpaces() else {
            // AWS accepts a configuration without Status and changes nothing.
            return HTTPResponse(status: 200)
        }
        guard let state = VersioningState(rawValue: status) else { throw S3Error.malformedXML() }
        try storage(bucket: bucket) { try store.setVersioning(bucket, state) }
        return HTTPResponse(status: 200)
    }
}
