/// SigV4 canonicalisation and signing primitives for S3 (AWS "Signature Calculations for the
/// Authorization Header", sig-v4-header-based-auth.html; protocol.md §3).
///
/// S3 differs from other services: the path is not normalised (no `.`/`..` or `//` collapsing) and is
/// encoded once. Every function works on the raw request as received, so the server signs what the
/// client signed.
public enum SigV4 {
    /// Hex SHA-256 of the empty string: the payload hash of an empty body.
    public static let emptySHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

    /// `HMAC(HMAC(HMAC(HMAC("AWS4"+secret, date), region), service), "aws4_request")`.
    /// `date` is the scope date `yyyymmdd`. Callers on the hot path may cache the result per
    /// (secret, date, region, service).
    public static func signingKey(secret: String, date: String, region: String, service: String) -> [UInt8] {
        let kDate = HMAC.sha256(key: Array(("AWS4" + secret).utf8), string: date)
        let kRegion = HMAC.sha256(key: kDate, string: region)
        let kService = HMAC.sha256(key: kRegion, string: service)
        return HMAC.sha256(key: kService, string: "aws4_request")
    }

    /// The canonical URI of a raw request path (without the query): percent-decoded once, then every
    /// byte outside `A-Za-z0-9-._~/` re-encoded as upper-case `%XX`. No dot-segment or `//`
    /// normalisation (S3 keys may contain both). An empty path becomes `/`. Nil on a bad `%` escape or
    /// when the decoded bytes are not UTF-8.
    public static func canonicalURI(rawPath: Substring) -> String? {
        if rawPath.isEmpty { return "/" }
        guard let decoded = URIEncoding.percentDecode(rawPath) else { return nil }
        return URIEncoding.encode(decoded, encodeSlash: false)
    }

    /// The canonical query string of a raw query (without `?`): split on `&`, each part on its first
    /// `=`, names and values percent-decoded (a `+` stays a literal plus: signers encode a space as
    /// `%20`) and re-encoded with `/` as `%2F`, sorted by name then value, joined by `&`. A bare name
    /// becomes `name=`; empty parts (`a=1&&b=2`) are skipped. Parameters whose decoded name is in
    /// `excluding` are left out (presigned URLs exclude `X-Amz-Signature`). Nil on a bad escape.
    public static func canonicalQuery(rawQuery: Substring, excluding: Set<String> = []) -> String? {
        guard let pairs = QueryString.parseStrict(rawQuery) else { return nil }
        return canonicalQuery(pairs: pairs, excluding: excluding)
    }

    /// The canonical query from already-decoded pairs (as `QueryString.parseStrict` gives them).
    public static func canonicalQuery(pairs decoded: [(String, String)], excluding: Set<String> = []) -> String {
        // Encoded as bytes and compared as bytes: SigV4 sorts by byte value, and String comparison
        // (Unicode-aware) was a visible share of the presigned-GET profile.
        var pairs: [(name: [UInt8], value: [UInt8])] = []
        pairs.reserveCapacity(decoded.count)
        var total = 0
        for (n, v) in decoded where !excluding.contains(n) {
            var name: [UInt8] = [], value: [UInt8] = []
            name.reserveCapacity(n.utf8.count)
            value.reserveCapacity(v.utf8.count + 8)
            URIEncoding.appendEncoded(n, to: &name, encodeSlash: true)
            URIEncoding.appendEncoded(v, to: &value, encodeSlash: true)
            total += name.count + value.count + 2
            pairs.append((name, value))
        }
        pairs.sort { $0.name != $1.name ? $0.name.lexicographicallyPrecedes($1.name) : $0.value.lexicographicallyPrecedes($1.value) }
        var out: [UInt8] = []
        out.reserveCapacity(total)
        for (i, pair) in pairs.enumerated() {
            if i > 0 { out.append(UInt8(ascii: "&")) }
            out.append(contentsOf: pair.name)
            out.append(UInt8(ascii: "="))
            out.append(contentsOf: pair.value)
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The canonical headers block: for each name in `signed` (lower-case, sorted, as in
    /// `SignedHeaders`), `name:value\n`, where value is every header of that name (compared
    /// case-insensitively, in received order) trimmed, with internal whitespace runs collapsed to one
    /// space, joined by `,` (botocore and the AWS test suite trim each value before joining).
    /// Nil if a signed header is absent.
    public static func canonicalHeaders(_ headers: [(name: String, value: String)], signed: [String]) -> String? {
        var out = ""
        for name in signed {
            var found = false
            out += name
            out += ":"
            for h in headers where equalsLowercased(h.name, name) {
                if found { out += "," }
                found = true
                appendTrimmedCollapsed(h.value, to: &out)
            }
            guard found else { return nil }
            out += "\n"
        }
        return out
    }

    /// `METHOD\nURI\nQUERY\nHEADERS\nSIGNEDHEADERS\nPAYLOADHASH`. `canonicalHeaders` ends with its own
    /// `\n`, so the block is followed by an empty line as the spec requires.
    public static func canonicalRequest(method: String, canonicalURI: String, canonicalQuery: String,
                                        canonicalHeaders: String, signedHeaders: String, payloadHash: String) -> String {
        method + "\n" + canonicalURI + "\n" + canonicalQuery + "\n" + canonicalHeaders + "\n"
            + signedHeaders + "\n" + payloadHash
    }

    /// `AWS4-HMAC-SHA256\n<amzDate>\n<scope>\n<hex sha256(canonicalRequest)>`.
    public static func stringToSign(amzDate: String, scope: String, canonicalRequest: String) -> String {
        "AWS4-HMAC-SHA256\n" + amzDate + "\n" + scope + "\n" + hexSHA256(canonicalRequest)
    }

    /// Lower-case hex HMAC-SHA256 of `stringToSign` under the signing key.
    public static func signature(key: [UInt8], stringToSign: String) -> String {
        HMAC.sha256(key: key, string: stringToSign).hex
    }

    /// Compares two hex signatures in time independent of where they differ, case-insensitively.
    public static func signaturesEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var diff: UInt8 = 0
        for i in 0..<x.count { diff |= (x[i] | 0x20) ^ (y[i] | 0x20) }
        return diff == 0
    }

    static func hexSHA256(_ s: String) -> String {
        var s = s
        let d = Digest(.sha256)
        s.withUTF8 { d.update(UnsafeRawBufferPointer($0)) }
        return d.finalize().hex
    }

    /// ASCII case-insensitive `header == lower` without allocating a lower-cased copy per header.
    private static func equalsLowercased(_ header: String, _ lower: String) -> Bool {
        let a = header.utf8, b = lower.utf8
        guard a.count == b.count else { return false }
        return zip(a, b).allSatisfy { x, y in (x >= 0x41 && x <= 0x5A ? x | 0x20 : x) == y }
    }

    /// Appends `value` without leading/trailing spaces or tabs and with each run of them as one space.
    private static func appendTrimmedCollapsed(_ value: String, to out: inout String) {
        var pendingSpace = false
        var started = false
        var bytes: [UInt8] = []
        bytes.reserveCapacity(value.utf8.count)
        for b in value.utf8 {
            if b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D {
                pendingSpace = started
            } else {
                if pendingSpace { bytes.append(0x20); pendingSpace = false }
                bytes.append(b)
                started = true
            }
        }
        out += String(decoding: bytes, as: UTF8.self)
    }
}
