/// A parsed SigV4 `Authorization` header:
/// `AWS4-HMAC-SHA256 Credential=AK/20130524/us-east-1/s3/aws4_request, SignedHeaders=host;range;x-amz-date, Signature=<hex>`.
public struct SigV4Authorization: Sendable, Equatable {
    public var accessKey: String
    /// Scope date, `yyyymmdd`.
    public var date: String
    public var region: String
    public var service: String
    /// Lower-case header names in the order given (SigV4 requires them sorted).
    public var signedHeaders: [String]
    /// Lower-case hex signature as sent.
    public var signature: String
    /// `date/region/service/aws4_request`.
    public var scope: String

    public init(accessKey: String, date: String, region: String, service: String, signedHeaders: [String], signature: String) {
        self.accessKey = accessKey
        self.date = date
        self.region = region
        self.service = service
        self.signedHeaders = signedHeaders
        self.signature = signature
        self.scope = date + "/" + region + "/" + service + "/aws4_request"
    }

    /// Parses the header value. The three components may come in any order, separated by `,` with or
    /// without spaces (botocore sends `, `, rust-s3 `,`). Throws `AuthorizationHeaderMalformed` (400)
    /// with S3's messages when the algorithm is not `AWS4-HMAC-SHA256`, a component is missing,
    /// repeated or empty, the credential is not `AK/yyyymmdd/region/service/aws4_request`, or the
    /// signature is not 64 hex digits.
    public static func parse(header: String) throws -> SigV4Authorization {
        let prefix = "AWS4-HMAC-SHA256"
        guard header.hasPrefix(prefix) else {
            throw S3Error.authorizationHeaderMalformed("The authorization header is malformed; the authorization header requires the algorithm AWS4-HMAC-SHA256.")
        }
        let rest = header.dropFirst(prefix.count)
        guard let first = rest.first, first == " " else {
            throw S3Error.authorizationHeaderMalformed("The authorization header is malformed; the authorization header requires three components: Credential, SignedHeaders, and Signature.")
        }
        var credential: Substring?, signed: Substring?, signature: Substring?
        for raw in rest.split(separator: ",") {
            let component = raw.trimmingSpaces()
            if component.isEmpty { continue }
            guard let eq = component.firstIndex(of: "=") else {
                throw S3Error.authorizationHeaderMalformed("The authorization header is malformed; the authorization component \"\(component)\" is malformed.")
            }
            let key = component[..<eq], value = component[component.index(after: eq)...]
            switch key {
            case "Credential" where credential == nil: credential = value
            case "SignedHeaders" where signed == nil: signed = value
            case "Signature" where signature == nil: signature = value
            default:
                throw S3Error.authorizationHeaderMalformed("The authorization header is malformed; the authorization component \"\(component)\" is malformed.")
            }
        }
        guard let credential, let signed, let signature else {
            throw S3Error.authorizationHeaderMalformed("The authorization header is malformed; the authorization header requires three components: Credential, SignedHeaders, and Signature.")
        }
        guard let cred = SigV4Credential(credential) else {
            throw S3Error.authorizationHeaderMalformed("The authorization header is malformed; the Credential is mal-formed; expecting \"<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request\".")
        }
        let names = signed.split(separator: ";").map { $0.lowercased() }
        guard !names.isEmpty else {
            throw S3Error.authorizationHeaderMalformed("The authorization header is malformed; the authorization component \"SignedHeaders=\" is malformed.")
        }
        guard signature.utf8.count == 64, signature.utf8.allSatisfy({ hexValue($0) != nil }) else {
            throw S3Error.authorizationHeaderMalformed("The authorization header is malformed; the authorization component \"Signature=\(signature)\" is malformed.")
        }
        return SigV4Authorization(accessKey: cred.accessKey, date: cred.date, region: cred.region, service: cred.service,
                                  signedHeaders: names, signature: signature.lowercased())
    }
}

extension Substring {
    /// Without leading and trailing spaces and tabs.
    func trimmingSpaces() -> Substring {
        var s = self
        while let f = s.first, f == " " || f == "\t" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" { s = s.dropLast() }
        return s
    }
}
