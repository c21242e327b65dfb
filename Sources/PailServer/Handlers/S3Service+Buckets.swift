import PailHTTP
import PailS3
import PailStorage

extension S3Service {
    func listBuckets(_ r: S3Request) throws -> HTTPResponse {
        let buckets = try storage(bucket: nil) { try store.listBuckets() }
        let me = r.auth.principal
        var xml = XMLWriter()
        xml.declaration()
        xml.open("ListAllMyBucketsResult", namespace: S3XML.namespace)
        S3XML.owner(&xml, me)
        xml.open("Buckets")
        for b in buckets where b.owner == me.accessKey {
            xml.open("Bucket")
            xml.element("Name", b.name)
            xml.element("CreationDate", S3Date.iso8601(b.created))
            xml.element("BucketRegion", b.region)
            xml.close("Bucket")
        }
        xml.close("Buckets")
        xml.close("ListAllMyBucketsResult")
        return S3XML.response(xml)
    }

    func createBucket(_ r: S3Request) throws -> HTTPResponse {
        let bucket = try r.requireBucket()
        guard BucketName.isValid(bucket) else { throw S3Error.invalidBucketName(bucket) }
        var region = configuration.region
        let body = try PayloadReader(request: r).readXML(limit: 64 * 1024)
        if !body.isEmpty {
            let doc = try XMLReader.parse(body)
            guard doc.name == "CreateBucketConfiguration" else { throw S3Error.malformedXML() }
            // Any constraint is accepted and reported back: one local server stands in for every region.
            if let constraint = doc.child("LocationConstraint")?.text, !constraint.isEmpty { region = constraint }
        }
        do {
            try store.createBucket(bucket, owner: r.auth.principal.accessKey, region: region)
        } catch StorageError.bucketAlreadyExists(let owner) {
            // MinIO's answer (409) rather than us-east-1's legacy 200: it tells the caller the truth.
            throw owner == r.auth.principal.accessKey ? S3Error.bucketAlreadyOwnedByYou(bucket) : S3Error.bucketAlreadyExists(bucket)
        }
        var response = HTTPResponse(status: 200)
        response.headers.add("Location", "/" + bucket)
        return response
    }

    func headBucket(_ r: S3Request) throws -> HTTPResponse {
        let bucket = try r.requireBucket()
        let info = try ownedBucket(r, bucket)
        var response = HTTPResponse(status: 200)
        response.headers.add("x-amz-bucket-region", info.region)
        return response
    }

    func deleteBucket(_ r: S3Request) throws -> HTTPResponse {
        let bucket = try r.requireBucket()
        _ = try ownedBucket(r, bucket)
        try storage(bucket: bucket) { try store.deleteBucket(bucket) }
        return HTTPResponse(status: 204)
    }

    func getBucketLocation(_ r: S3Request) throws -> HTTPResponse {
        let bucket = try r.requireBucket()
        let info = try ownedBucket(r, bucket)
        var xml = XMLWriter()
        xml.declaration()
        xml.open("LocationConstraint", namespace: S3XML.namespace)
        // us-east-1 is reported as an empty constraint (S3 API reference, GetBucketLocation).
        if info.region != "us-east-1" { xml.raw(info.region) }
        xml.close("LocationConstraint")
        return S3XML.response(xml)
    }

    /// The bucket's record, if the signer may use it. Another user's bucket is AccessDenied.
    @discardableResult
    func ownedBucket(_ r: S3Request, _ bucket: String) throws -> BucketInfo {
        let info = try storage(bucket: bucket) { try store.bucket(bucket) }
        guard info.owner == r.auth.principal.accessKey else { throw S3Error.accessDenied() }
        return info
    }
}
