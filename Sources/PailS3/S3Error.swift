/// An S3 error as it goes on the wire: a code, its HTTP status, a message and code-specific members.
///
/// Rendered by `xmlBody(requestId:hostId:resource:)` as S3's `<Error>` document. HEAD responses carry
/// no body; the status alone tells the client (botocore then uses the status as the code).
public struct S3Error: Error, Equatable, CustomStringConvertible {
    public var code: String
    public var status: Int
    public var message: String
    /// Extra members in order (`BucketName`, `Key`, `StringToSign`, ...).
    public var details: [(String, String)]
    /// Response headers the error must carry (e.g. `x-amz-delete-marker`).
    public var headers: [(String, String)] = []

    public init(_ code: String, _ status: Int, _ message: String, details: [(String, String)] = []) {
        self.code = code
        self.status = status
        self.message = message
        self.details = details
    }

    public static func == (a: S3Error, b: S3Error) -> Bool {
        a.code == b.code && a.status == b.status && a.message == b.message
    }

    public var description: String { "\(code) (\(status)): \(message)" }

    /// Adds a code-specific member.
    public func with(_ name: String, _ value: String) -> S3Error {
        var copy = self
        copy.details.append((name, value))
        return copy
    }

    /// The XML error document S3 sends.
    public func xmlBody(requestId: String, hostId: String, resource: String?) -> [UInt8] {
        var xml = XMLWriter()
        xml.declaration()
        xml.open("Error")
        xml.element("Code", code)
        xml.element("Message", message)
        for (name, value) in details { xml.element(name, value) }
        if let resource, !details.contains(where: { $0.0 == "Resource" }) { xml.element("Resource", resource) }
        xml.element("RequestId", requestId)
        xml.element("HostId", hostId)
        xml.close("Error")
        return xml.bytes
    }
}

// The catalogue: S3 ErrorResponses page (docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html).
extension S3Error {
    public static func accessDenied(_ m: String = "Access Denied") -> S3Error { S3Error("AccessDenied", 403, m) }
    public static func noSuchBucket(_ bucket: String) -> S3Error {
        S3Error("NoSuchBucket", 404, "The specified bucket does not exist", details: [("BucketName", bucket)])
    }
    public static func noSuchKey(_ key: String) -> S3Error {
        S3Error("NoSuchKey", 404, "The specified key does not exist.", details: [("Key", key)])
    }
    public static func noSuchUpload(_ id: String) -> S3Error {
        S3Error("NoSuchUpload", 404, "The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.", details: [("UploadId", id)])
    }
    public static func bucketAlreadyOwnedByYou(_ bucket: String) -> S3Error {
        S3Error("BucketAlreadyOwnedByYou", 409, "Your previous request to create the named bucket succeeded and you already own it.", details: [("BucketName", bucket)])
    }
    public static func bucketAlreadyExists(_ bucket: String) -> S3Error {
        S3Error("BucketAlreadyExists", 409, "The requested bucket name is not available. The bucket namespace is shared by all users of the system. Please select a different name and try again.", details: [("BucketName", bucket)])
    }
    public static func bucketNotEmpty(_ bucket: String) -> S3Error {
        S3Error("BucketNotEmpty", 409, "The bucket you tried to delete is not empty", details: [("BucketName", bucket)])
    }
    public static func invalidBucketName(_ bucket: String) -> S3Error {
        S3Error("InvalidBucketName", 400, "The specified bucket is not valid.", details: [("BucketName", bucket)])
    }
    public static func badDigest(_ m: String = "The Content-MD5 you specified did not match what we received.") -> S3Error {
        S3Error("BadDigest", 400, m)
    }
    public static func invalidDigest(_ m: String = "The Content-MD5 you specified is not valid.") -> S3Error {
        S3Error("InvalidDigest", 400, m)
    }
    public static func malformedXML() -> S3Error {
        S3Error("MalformedXML", 400, "The XML you provided was not well-formed or did not validate against our published schema.")
    }
    public static func invalidArgument(_ m: String, name: String? = nil, value: String? = nil) -> S3Error {
        var e = S3Error("InvalidArgument", 400, m)
        if let name { e.details.append(("ArgumentName", name)) }
        if let value { e.details.append(("ArgumentValue", value)) }
        return e
    }
    public static func invalidRequest(_ m: String) -> S3Error { S3Error("InvalidRequest", 400, m) }
    public static func invalidRange(size: Int64, range: String) -> S3Error {
        S3Error("InvalidRange", 416, "The requested range is not satisfiable", details: [("RangeRequested", range), ("ActualObjectSize", String(size))])
    }
    public static func preconditionFailed(_ condition: String) -> S3Error {
        S3Error("PreconditionFailed", 412, "At least one of the pre-conditions you specified did not hold", details: [("Condition", condition)])
    }
    public static func conditionalRequestConflict() -> S3Error {
        S3Error("ConditionalRequestConflict", 409, "A conflicting conditional operation is currently in progress against this resource. Please try again.")
    }
    public static let notModified = S3Error("NotModified", 304, "Not Modified")
    public static func signatureDoesNotMatch(stringToSign: String, canonicalRequest: String, accessKey: String, signature: String) -> S3Error {
        S3Error("SignatureDoesNotMatch", 403, "The request signature we calculated does not match the signature you provided. Check your key and signing method.", details: [
            ("AWSAccessKeyId", accessKey),
            ("StringToSign", stringToSign),
            ("SignatureProvided", signature),
            ("StringToSignBytes", stringToSign.utf8.map { String(format2hex: $0) }.joined(separator: " ")),
            ("CanonicalRequest", canonicalRequest),
            ("CanonicalRequestBytes", canonicalRequest.utf8.map { String(format2hex: $0) }.joined(separator: " ")),
        ])
    }
    public static func invalidAccessKeyId(_ key: String) -> S3Error {
        S3Error("InvalidAccessKeyId", 403, "The AWS Access Key Id you provided does not exist in our records.", details: [("AWSAccessKeyId", key)])
    }
    public static func requestTimeTooSkewed(requestTime: String, serverTime: String) -> S3Error {
        S3Error("RequestTimeTooSkewed", 403, "The difference between the request time and the current time is too large.", details: [
            ("RequestTime", requestTime), ("ServerTime", serverTime), ("MaxAllowedSkewMilliseconds", "900000"),
        ])
    }
    public static func authorizationHeaderMalformed(_ m: String) -> S3Error { S3Error("AuthorizationHeaderMalformed", 400, m) }
    public static func authorizationQueryParametersError(_ m: String) -> S3Error { S3Error("AuthorizationQueryParametersError", 400, m) }
    public static func missingSecurityHeader(_ m: String) -> S3Error { S3Error("MissingSecurityHeader", 400, m) }
    public static func xAmzContentSHA256Mismatch(client: String, computed: String) -> S3Error {
        S3Error("XAmzContentSHA256Mismatch", 400, "The provided 'x-amz-content-sha256' header does not match what was computed.", details: [
            ("ClientComputedContentSHA256", client), ("S3ComputedContentSHA256", computed),
        ])
    }
    public static func expiredToken() -> S3Error { S3Error("ExpiredToken", 400, "The provided token has expired.") }
    public static func invalidToken() -> S3Error { S3Error("InvalidToken", 400, "The provided token is malformed or otherwise invalid.") }
    public static func incompleteBody() -> S3Error { S3Error("IncompleteBody", 400, "You did not provide the number of bytes specified by the Content-Length HTTP header.") }
    public static func requestTimeout() -> S3Error { S3Error("RequestTimeout", 400, "Your socket connection to the server was not read from or written to within the timeout period.") }
    public static func missingContentLength() -> S3Error { S3Error("MissingContentLength", 411, "You must provide the Content-Length HTTP header.") }
    public static func entityTooLarge(_ max: Int64) -> S3Error { S3Error("EntityTooLarge", 400, "Your proposed upload exceeds the maximum allowed object size.", details: [("MaxSizeAllowed", String(max))]) }
    public static func entityTooSmall() -> S3Error { S3Error("EntityTooSmall", 400, "Your proposed upload is smaller than the minimum allowed object size.") }
    public static func keyTooLong() -> S3Error { S3Error("KeyTooLongError", 400, "Your key is too long") }
    public static func methodNotAllowed(_ method: String, resource: String) -> S3Error {
        S3Error("MethodNotAllowed", 405, "The specified method is not allowed against this resource.", details: [("Method", method), ("ResourceType", resource)])
    }
    public static func notImplemented(_ what: String = "A header you provided implies functionality that is not implemented") -> S3Error { S3Error("NotImplemented", 501, what) }
    public static func internalError(_ m: String = "We encountered an internal error. Please try again.") -> S3Error { S3Error("InternalError", 500, m) }
    public static func slowDown() -> S3Error { S3Error("SlowDown", 503, "Please reduce your request rate.") }
    public static func serviceUnavailable() -> S3Error { S3Error("ServiceUnavailable", 503, "Service is unable to handle request.") }
    public static func invalidPart(_ m: String = "One or more of the specified parts could not be found.  The part may not have been uploaded, or the specified entity tag may not match the part's entity tag.") -> S3Error { S3Error("InvalidPart", 400, m) }
    public static func invalidPartOrder() -> S3Error { S3Error("InvalidPartOrder", 400, "The list of parts was not in ascending order. Parts must be ordered by part number.") }
    public static func invalidStorageClass() -> S3Error { S3Error("InvalidStorageClass", 400, "The storage class you specified is not valid") }
    /// `BadRequest` (400), S3's answer to too many tags ("Object tags cannot be greater than 10").
    public static func badRequest(_ m: String) -> S3Error { S3Error("BadRequest", 400, m) }
    /// `InvalidTag` (400), with the offending `TagKey` when there is one.
    public static func invalidTag(_ m: String, key: String? = nil) -> S3Error {
        var e = S3Error("InvalidTag", 400, m)
        if let key { e.details.append(("TagKey", key)) }
        return e
    }
    /// `NoSuchTagSet` (404): GetBucketTagging on a bucket without tags.
    public static func noSuchTagSet() -> S3Error { S3Error("NoSuchTagSet", 404, "The TagSet does not exist") }
    /// `NoSuchLifecycleConfiguration` (404): GetBucketLifecycleConfiguration on a bucket without one.
    public static func noSuchLifecycleConfiguration(_ bucket: String) -> S3Error {
        S3Error("NoSuchLifecycleConfiguration", 404, "The lifecycle configuration does not exist", details: [("BucketName", bucket)])
    }
    /// `IllegalVersioningConfigurationException` (400): PutBucketVersioning without a `Status`.
    public static func illegalVersioningConfiguration(_ m: String = "The Versioning element must be specified") -> S3Error {
        S3Error("IllegalVersioningConfigurationException", 400, m)
    }
}

extension String {
    init(format2hex byte: UInt8) {
        let digits: [Character] = Array("0123456789abcdef")
        self = String([digits[Int(byte >> 4)], digits[Int(byte & 15)]])
    }
}
