extension SigV4 {
    /// The canonical request of a received request, as the bytes that are hashed:
    /// `METHOD\nURI\nQUERY\nHEADERS\n\nSIGNEDHEADERS\nPAYLOADHASH`, built from the raw path, the
    /// decoded query pairs (those named in `excluding` left out) and the headers as received.
    /// Throws `InvalidURI` (400) when the path has a bad escape or is not UTF-8, and `AccessDenied`
    /// (403) when a signed header is absent. The result is the UTF-8 of what `canonicalRequest` gives
    /// for the same parts.
    public static func canonicalRequest(method: String, rawPath: Substring, query: [(String, String)], excluding: [String],
                                        headers: [(name: String, value: String)], signedHeaders: [String],
                                        payloadHash: String) throws -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(512)
        out.append(contentsOf: method.utf8)
        out.append(UInt8(ascii: "\n"))
        guard appendCanonicalURI(rawPath: rawPath, to: &out) else {
            throw S3Error("InvalidURI", 400, "Couldn't parse the specified URI.")
        }
        out.append(UInt8(ascii: "\n"))
        appendCanonicalQuery(pairs: query, excluding: excluding, to: &out)
        out.append(UInt8(ascii: "\n"))
        guard appendCanonicalHeaders(headers, signed: signedHeaders, to: &out) else {
            throw S3Error.accessDenied("There were headers present in the request which were not signed")
        }
        out.append(UInt8(ascii: "\n"))
        for (i, name) in signedHeaders.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ";")) }
            out.append(contentsOf: name.utf8)
        }
        out.append(UInt8(ascii: "\n"))
        out.append(contentsOf: payloadHash.utf8)
        return out
    }
}
