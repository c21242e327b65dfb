import Foundation
import PailHTTP
import PailS3
import PailStorage

/// POST Object: a browser upload through an HTML form (AWS API reference, "POST Object"; User Guide,
/// "Browser-Based Uploads Using POST"). The form authenticates itself (its signed policy), so this
/// runs instead of header authentication. Everything is checked before the file's first byte is
/// stored, except its size, which is checked as it streams; a failure stores nothing.
extension S3Service {
    /// Canned ACLs S3 accepts in a form's `acl` field (as for `x-amz-acl`).
    static let cannedACLs: Set<String> = [
        "private", "public-read", "public-read-write", "aws-exec-read", "authenticated-read",
        "bucket-owner-read", "bucket-owner-full-control", "log-delivery-write",
    ]

    /// Form fields that become the object's headers, as the same headers on a PUT would.
    private static func isObjectHeaderField(_ lowered: String) -> Bool {
        switch lowered {
        case "content-type", "cache-control", "content-disposition", "content-encoding", "content-language",
             "expires", "x-amz-storage-class":
            return true
        default:
            return lowered.hasPrefix("x-amz-meta-")
        }
    }

    /// `skew` shifts the server clock for the expiration check (the clockSkew fault).
    func postObject(_ r: S3Request, skew: TimeInterval) throws -> HTTPResponse {
        let bucket = try r.requireBucket()
        let form = try PostForm.read(r)
        guard let keyField = form.value("key") else { throw S3Error.postMissingField("key") }
        guard let file = form.file else { throw S3Error.postFileCount() }
        let authenticator = PostFormAuthenticator(credentials: credentials, region: configuration.region,
                                                  signingKeys: self.authenticator.signingKeys)
        // An anonymous form needs a bucket that lets anyone write; until buckets carry ACLs and
        // policies, no bucket does.
        guard let (principal, policy) = try authenticator.authenticate(form) else { throw S3Error.accessDenied() }
        r.auth = AuthContext(principal: principal, payload: .unsigned)
        if configuration.clock().addingTimeInterval(skew) > policy.expiration { throw S3Error.postPolicyExpired() }
        // AWS: "${filename}" in the key is replaced by the name of the file the user chose; the
        // policy's key conditions see the key so completed (as MinIO checks it too).
        let key = keyField.replacingOccurrences(of: "${filename}", with: file.filename ?? "")
        let checked = form.fields.map { $0.name.caseInsensitiveEquals("key") ? (name: $0.name, value: key) : $0 }
        let sizes = try policy.check(fields: checked, bucket: bucket)
        r.auth.scheme = .postForm(sigV4: form.value("x-amz-algorithm") != nil)
        let acl = try authorizer.authorizeFormUpload(r, bucket: bucket, key: key, acl: form.value("acl"))

        guard !key.isEmpty else { throw S3Error.invalidArgument("User key must have a length greater than 0.", name: "key", value: keyField) }
        guard key.utf8.count <= 1024 else { throw S3Error.keyTooLong() }
        var headers = HTTPHeaders()
        for (name, value) in form.fields where Self.isObjectHeaderField(name.lowercased()) { headers.add(name, value) }
        var metadata = try ObjectMetadata.from(headers)
        metadata.acl = acl
        var tags: [ObjectTag] = []
        if let tagging = form.value("tagging") {
            let set = try TagSet.parseXML(Array(tagging.utf8))
            try set.validate(for: .object)
            tags = set.tags
        }
        if let acl = form.value("acl"), !Self.cannedACLs.contains(acl) {
            throw S3Error.invalidArgument("", name: "x-amz-acl", value: acl)
        }

        let sse = try newObjectKey(HTTPHeaders(form.fields), bucket: bucket)
        let writer = try encrypting(storage(bucket: bucket) { try store.makeWriter(bucket: bucket) }, sse)
        defer { writer.abort() }
        let small = (r.http.contentLength ?? Int64.max) <= Int64(BodyIngest.bufferSize)
        let result = try FormFileIngest.run(form.reader, sizes: sizes, small: small) { try writer.write($0) }
        let stored = try storage(bucket: bucket, key: key) {
            try writer.commit(key: key, etag: result.etag, metadata: metadata, tags: tags, condition: .none)
        }
        var response = postResponse(r, form: form, bucket: bucket, key: key, stored: stored)
        sse?.addHeaders(to: &response.headers, context: true)
        return response
    }

    /// `success_action_redirect` (or the older `redirect`): 303 to it with `bucket`, `key` and `etag`
    /// added to its query (an unusable URL is ignored). Otherwise `success_action_status`: 200 and 204
    /// (the default, also for any other value) with an empty body, 201 with a PostResponse document.
    private func postResponse(_ r: S3Request, form: PostForm, bucket: String, key: String, stored: ObjectInfo) -> HTTPResponse {
        let etag = S3XML.quoted(stored.etag)
        let location = objectLocation(r, bucket: bucket, key: key)
        var response: HTTPResponse
        if let redirect = form.value("success_action_redirect") ?? form.value("redirect"),
           let url = URL(string: redirect), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https" {
            response = HTTPResponse(status: 303)
            let query = "bucket=" + Self.queryEncode(bucket) + "&key=" + Self.queryEncode(key) + "&etag=" + Self.queryEncode(etag)
            response.headers.add("Location", redirect + (redirect.contains("?") ? "&" : "?") + query)
        } else {
            switch form.value("success_action_status") {
            case "200": response = HTTPResponse(status: 200)
            case "201":
                var xml = XMLWriter()
                xml.declaration()
                xml.open("PostResponse")
                xml.element("Location", location)
                xml.element("Bucket", bucket)
                xml.element("Key", key)
                xml.element("ETag", etag)
                xml.close("PostResponse")
                response = S3XML.response(xml, status: 201)
            default: response = HTTPResponse(status: 204)
            }
            response.headers.add("Location", location)
        }
        response.headers.add("ETag", etag)
        if let id = stored.versionId { response.headers.add("x-amz-version-id", id) }
        if let expiration = expirationHeader(stored) { response.headers.add("x-amz-expiration", expiration) }
        return response
    }

    /// The object's URL as the client addressed the bucket (virtual-hosted or path style).
    private func objectLocation(_ r: S3Request, bucket: String, key: String) -> String {
        let host = r.headers["Host"] ?? "localhost"
        let path = URIEncoding.encode(key, encodeSlash: false)
        let virtual = addressing.virtualHostBucket(host) != nil
        return (r.http.isSecure ? "https://" : "http://") + host + (virtual ? "/" : "/" + bucket + "/") + path
    }

    private static func queryEncode(_ s: String) -> String { URIEncoding.encode(s, encodeSlash: true) }
}
