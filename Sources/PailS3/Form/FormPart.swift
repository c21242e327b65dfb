/// The header block of one part of a `multipart/form-data` body (RFC 7578 §4.2): the field name
/// and, for a file, its file name, from `Content-Disposition`.
public struct FormPart: Sendable, Equatable {
    /// The `name` parameter of `Content-Disposition`, exactly as sent.
    public var name: String
    /// The `filename` parameter (or `filename*`, RFC 5987), nil when the part is not a file. Browsers
    /// send the base name only; an empty file input sends `filename=""`.
    public var filename: String?
    /// The part's own `Content-Type` header, if any.
    public var contentType: String?

    public init(name: String, filename: String? = nil, contentType: String? = nil) {
        self.name = name
        self.filename = filename
        self.contentType = contentType
    }

    /// Builds the part from its header fields (names compared case-insensitively). Nil when there is
    /// no `Content-Disposition` of type `form-data` with a `name` (RFC 7578 §4.2: each part MUST have one).
    init?(headers: [(name: String, value: String)]) {
        var disposition: String?
        for (name, value) in headers {
            switch name.lowercased() {
            case "content-disposition": disposition = value
            case "content-type": contentType = value
            default: continue
            }
        }
        guard let disposition else { return nil }
        let parsed = HeaderParameters(disposition)
        guard parsed.value.lowercased() == "form-data", let name = parsed["name"] else { return nil }
        self.name = name
        if let extended = parsed["filename*"], let decoded = Self.decodeExtended(extended) {
            filename = decoded
        } else {
            filename = parsed["filename"]
        }
    }

    /// RFC 5987 `charset'language'percent-encoded` (only UTF-8 and ISO-8859-1's ASCII subset matter).
    private static func decodeExtended(_ value: String) -> String? {
        let pieces = value.split(separator: "'", maxSplits: 2, omittingEmptySubsequences: false)
        guard pieces.count == 3 else { return nil }
        return URIEncoding.percentDecode(pieces[2])
    }
}
