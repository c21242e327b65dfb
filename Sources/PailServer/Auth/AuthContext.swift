import PailS3

/// How the request body is framed and protected, from `x-amz-content-sha256`.
enum PayloadMode: Equatable {
    /// The body's SHA-256 must equal this lower-case hex value.
    case sha256(String)
    case unsigned
    /// aws-chunked framing; `signed` chunks carry signatures; `trailer` means a trailer follows.
    case streaming(signed: Bool, trailer: Bool)
}

/// How a request proved who sent it, for the `s3:authType` and `s3:signatureversion` condition keys.
enum AuthScheme: Equatable {
    /// Not signed at all: the principal is `Principal.anonymous`.
    case anonymous
    case sigV4Header, sigV4Query, sigV2Header, sigV2Query
    /// A browser form upload, authenticated by its signed policy (POST Object).
    case postForm(sigV4: Bool)

    /// `s3:authType`: REST-HEADER, REST-QUERY-STRING or POST.
    var authType: String? {
        switch self {
        case .anonymous: return nil
        case .sigV4Header, .sigV2Header: return "REST-HEADER"
        case .sigV4Query, .sigV2Query: return "REST-QUERY-STRING"
        case .postForm: return "POST"
        }
    }

    /// `s3:signatureversion`: `AWS` (V2) or `AWS4-HMAC-SHA256`.
    var signatureVersion: String? {
        switch self {
        case .anonymous: return nil
        case .sigV4Header, .sigV4Query, .postForm(sigV4: true): return "AWS4-HMAC-SHA256"
        case .sigV2Header, .sigV2Query, .postForm(sigV4: false): return "AWS"
        }
    }
}

/// Who signed a request and what is needed to verify its streamed body.
struct AuthContext {
    var principal: Principal
    var payload: PayloadMode
    /// How the request authenticated; `.anonymous` for an unsigned request.
    var scheme: AuthScheme = .sigV4Header
    /// For signed streaming bodies: the seed signature, signing key, date and scope.
    var signature: String = ""
    var signingKey: [UInt8] = []
    var amzDate: String = ""
    var scope: String = ""
}

extension AuthContext {
    /// An unsigned request: authorization decides what it may do (ACLs and bucket policies that
    /// grant everyone). A body hash the client declared is still checked.
    static func anonymous(_ request: S3Request) -> AuthContext {
        var payload = PayloadMode.unsigned
        if let value = request.headers["x-amz-content-sha256"], case .sha256(let hex)? = try? SigV4Authenticator.payloadMode(value) {
            payload = .sha256(hex)
        }
        return AuthContext(principal: .anonymous, payload: payload, scheme: .anonymous)
    }

    var isAnonymous: Bool { scheme == .anonymous }
}
