import Foundation
import PailHTTP
import PailS3
import PailStorage

extension S3Service {
    /// ListBuckets, with the paging AWS added in 2024: `max-buckets` (1–10000), `continuation-token`
    /// (opaque: the last name returned, base64), `prefix` and `bucket-region` filters.
    func listBuckets(_ r: S3Request) throws -> HTTPResponse {
        let me = r.auth.principal
        let prefix = r.param("prefix") ?? ""
        let regionFilter = r.param("bucket-region").flatMap { $0.isEmpty ? nil : $0 }
        var maxBuckets = Int.max
        if let raw = r.param("max-buckets") {
            guard let n = Int(raw), (1...10_000).contains(n) else {
                throw S3Error.invalidArgument("Argument max-buckets must be an integer between 1 and 10000.", name: "max-buckets", value: raw)
            }
            maxBuckets = n
        }
        var after: String?
        if let token = r.param("continuation-token") {
            guard let bytes = base64Decode(token), let name = String(bytes: bytes, encoding: .utf8) else {
                throw S3Error.invalidArgument("The continuation token provided is incorrect", name: "continuation-token", value: token)
            }
            after = name
        }
        let all = try storage(bucket: nil) { try store.listBuckets() }.filter { b in
            b.owner == me.accessKey && b.name.hasPrefix(prefix) && (regionFilter == nil || b.region == regionFilter)
                && (after == nil || b.name > after!)
        }
        let buckets = all.prefix(maxBuckets)
        var xml = XMLWriter()
        xml.declaration()
        xml.open("ListAllMyBucketsResult", namespace: S3XML.namespace)
        S3XML.owner(&xml, me)
        xml.open("Buckets")
        for b in buckets {
            xml.open("Bucket")
            xml.element("Name", b.name)
            xml.element("CreationDate", S3Date.iso8601(b.created))
            xml.element("BucketRegion", b.region)
            xml.close("Bucket")
        }
        xml.close("Buckets")
        if all.count > buckets.count, let last = buckets.last {
            xml.element("ContinuationToken", Array(last.name.utf8).base64)
        }
        if r.param("prefix") != nil { xml.element("Prefix", prefix) }
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
        var created = false
        do {
            try store.createBucket(bucket, owner: r.auth.principal.accessKey, region: region)
            created = true
        } catch StorageError.bucketAlreadyExists(let owner) {
            guard owner == r.auth.principal.accessKey else { throw S3Error.bucketAlreadyExists(bucket) }
            // AWS (API reference, CreateBucket, BucketAlreadyOwnedByYou): 409 in every region except
            // us-east-1, which answers 200 for a bucket you already own.
            guard region == "us-east-1" else { throw S3Error.bucketAlreadyOwnedByYou(bucket) }
        }
        // x-amz-bucket-object-lock-enabled: Object Lock needs versioning, which it turns on for good.
        if created, r.headers["x-amz-bucket-object-lock-enabled"]?.lowercased() == "true" {
            try storage(bucket: bucket) { try store.setVersioning(bucket, .enabled) }
            try enableObjectLock(bucket, ObjectLockConfiguration())
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
        forgetBucketSettings(bucket)
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

    /// The bucket's record (NoSuchBucket when there is none). Who may use it was decided by
    /// authorization before the handler ran.
    @discardableResult
    func ownedBucket(_ r: S3Request, _ bucket: String) throws -> BucketInfo {
        try storage(bucket: bucket) { try store.bucket(bucket) }
    }
}
