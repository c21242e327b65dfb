import PailS3

/// How the request body is framed and protected, from `x-amz-content-sha256`.
enum PayloadMode: Equatable {
    /// The body's SHA-256 must equal this lower-case hex value.
    case sha256(String)
    case unsigned
    /// aws-chunked framing; `signed` chunks carry signatures; `trailer` means a trailer follows.
    case streaming(signed: Bool, trailer: Bool)
}

/// Who signed a request and what is needed to verify its streamed body.
struct AuthContext {
    var principal: Principal
    var payload: PayloadMode
    /// For signed streaming bodies: the seed signature, signing key, date and scope.
    var signature: String = ""
    var signingKey: [UInt8] = []
    var amzDate: String = ""
    var scope: String = ""
}
