import PailHTTP
import PailS3
import PailStorage

extension S3Service {
    /// PutBucketPolicy: the document is checked (MalformedPolicy with S3's message) and kept as sent;
    /// a public policy under BlockPublicPolicy is AccessDenied. 204, as S3 answers.
    func putBucketPolicy(_ r: S3Request) throws -> HTTPResponse {
        let bucket = try r.requireBucket()
        let b = try bucketAccess(bucket)
        let body: [UInt8]
        do { body = try PayloadReader(request: r).readAll(limit: Policy.maximumSize * 2) } catch HTTPError.bodyTooLarge {
            throw PolicyError("Normalized policy document exceeds the maximum allowed size of 20480 bytes").s3
        }
        let policy: Policy
        do {
            policy = try Policy.parse(body, kind: .bucket(bucket), isKnownPrincipal: authorizer.directory.isKnownPrincipal)
        } catch let e as PolicyError {
            throw e.s3
        }
        if policy.isPublic, b.publicAccessBlock?.blockPublicPolicy == true {
            if authorizer.recordsDecisions { r.access.decision = "deny BlockPublicPolicy" }
            throw S3Error.accessDenied()
        }
        try storeBucketSetting(bucket, BucketSettingName.policy, body)
        return HTTPResponse(status: 204)
    }

    /// GetBucketPolicy: the document as it was put, or NoSuchBucketPolicy.
    func getBucketPolicy(_ r: S3Request) throws -> HTTPResponse {
        let bucket = try r.requireBucket()
        guard let text = try bucketAccess(bucket).policyText else { throw S3Error.noSuchBucketPolicy(bucket) }
        var response = HTTPResponse(status: 200, body: .bytes(text))
        response.headers.add("Content-Type", "application/json")
        return response
    }

    /// DeleteBucketPolicy: 204, whether or not there was one.
    func deleteBucketPolicy(_ r: S3Request) throws -> HTTPResponse {
        let bucket = try r.requireBucket()
        _ = try bucketAccess(bucket)
        try storeBucketSetting(bucket, BucketSettingName.policy, nil)
        return HTTPResponse(status: 204)
    }

    /// GetBucketPolicyStatus: whether the policy is public (S3 User Guide, "The meaning of public").
    func getBucketPolicyStatus(_ r: S3Request) throws -> HTTPResponse {
        let bucket = try r.requireBucket()
        let b = try bucketAccess(bucket)
        guard b.policy != nil else { throw S3Error.noSuchBucketPolicy(bucket) }
        var xml = XMLWriter()
        xml.declaration()
        xml.open("PolicyStatus", namespace: XMLWriter.s3Namespace)
        xml.element("IsPublic", b.policyIsPublic ? "true" : "false")
        xml.close("PolicyStatus")
        return S3XML.response(xml.bytes)
    }
}
