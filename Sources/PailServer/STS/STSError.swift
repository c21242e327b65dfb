import PailS3

/// An STS error: knows its status and renders the query protocol's `<ErrorResponse>` (protocol.md §2).
struct STSError: Error, Equatable {
    var code: String
    var status: Int
    var message: String
    var type = "Sender"

    init(_ code: String, _ status: Int, _ message: String) {
        self.code = code
        self.status = status
        self.message = message
    }

    static func validation(_ m: String) -> STSError { STSError("ValidationError", 400, m) }
    static func accessDenied(_ m: String) -> STSError { STSError("AccessDenied", 403, m) }
    static let invalidClientTokenId = STSError("InvalidClientTokenId", 403, "The security token included in the request is invalid.")

    /// What an S3 authentication failure means on the STS endpoint.
    static func from(_ e: S3Error) -> STSError {
        switch e.code {
        case "InvalidAccessKeyId", "InvalidToken": return .invalidClientTokenId
        case "ExpiredToken": return STSError("ExpiredToken", 403, "The security token included in the request is expired")
        case "SignatureDoesNotMatch": return STSError("SignatureDoesNotMatch", 403, "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.")
        case "AccessDenied" where e.message.hasPrefix("Anonymous"):
            return STSError("MissingAuthenticationToken", 403, "Request is missing Authentication Token")
        case "RequestTimeTooSkewed": return STSError("SignatureDoesNotMatch", 403, "Signature expired: request time is too skewed")
        default: return STSError(e.code == "AuthorizationHeaderMalformed" ? "IncompleteSignature" : e.code, e.status, e.message)
        }
    }

    func xmlBody(requestID: String) -> [UInt8] {
        var xml = XMLWriter()
        xml.declaration()
        xml.open("ErrorResponse", namespace: STSXML.namespace)
        xml.open("Error")
        xml.element("Type", type)
        xml.element("Code", code)
        xml.element("Message", message)
        xml.close("Error")
        xml.element("RequestId", requestID)
        xml.close("ErrorResponse")
        return xml.bytes
    }
}
