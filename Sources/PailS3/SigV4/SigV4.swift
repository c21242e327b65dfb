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
        var out: [UInt8] = []
        guard appendCanonicalURI(rawPath: rawPath, to: &out) else { return nil }
        return String(decoding: out, as: UTF8.self)
    }

    /// The canonical query string of a raw query (without `?`): split on `&`, each part on its first
    /// `=`, names and values percent-decoded (a `+` stays a literal plus: signers encode a space as
    /// `%20`) and re-encoded with `/` as `%2F`, sorted by name then value, joined by `&`. A bare name
    /// becomes `name=`; empty parts (`a=1&&b=2`) are skipped. Parameters whose decoded name is in
    /// `excluding` are left out (presigned URLs exclude `X-Amz-Signature`). Nil on a bad escape.
    public static func canonicalQuery(rawQuery: Substring, excluding: [String] = []) -> String? {
        guard let pairs = QueryString.parseStrict(rawQuery) else { return nil }
        return canonicalQuery(pairs: pairs, excluding: excluding)
    }

    /// The canonical query from already-decoded pairs (as `QueryString.parseStrict` gives them).
    public static func canonicalQuery(pairs: [(String, String)], excluding: [String] = []) -> String {
        var out: [UInt8] = []
        appendCanonicalQuery(pairs: pairs, excluding: excluding, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// The canonical headers block: for each name in `signed` (lower-case, sorted, as in
    /// `SignedHeaders`), `name:value\n`, where value is every header of that name (compared
    /// case-insensitively, in received order) trimmed, with internal whitespace runs collapsed to one
    /// space, joined by `,` (botocore and the AWS test suite trim each value before joining).
    /// Nil if a signed header is absent.
    public static func canonicalHeaders(_ headers: [(name: String, value: String)], signed: [String]) -> String? {
        var out: [UInt8] = []
        guard appendCanonicalHeaders(headers, signed: signed, to: &out) else { return nil }
        return String(decoding: out, as: UTF8.self)
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
        let bytes = withUTF8Bytes(canonicalRequest) {
            stringToSign(amzDate: amzDate, scope: scope, canonicalRequest: UnsafeRawBufferPointer($0), using: Digest(.sha256))
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `stringToSign` of a canonical request given as bytes, hashed with `digest` (freshly started;
    /// left finalized).
    static func stringToSign(amzDate: String, scope: String, canonicalRequest: UnsafeRawBufferPointer,
                             using digest: Digest) -> [UInt8] {
        digest.update(canonicalRequest)
        let algorithm = "AWS4-HMAC-SHA256\n"
        let count = algorithm.utf8.count + amzDate.utf8.count + 1 + scope.utf8.count + 1 + 64
        return [UInt8](unsafeUninitializedCapacity: count) { out, written in
            var o = 0
            func put<S: StringProtocol>(_ s: S) {
                o += withUTF8Bytes(s) { UnsafeMutableBufferPointer(rebasing: out[o...]).initialize(fromContentsOf: $0) }
            }
            put(algorithm)
            put(amzDate)
            out[o] = UInt8(ascii: "\n"); o += 1
            put(scope)
            out[o] = UInt8(ascii: "\n"); o += 1
            withUnsafeTemporaryAllocation(byteCount: 32, alignment: 8) { hash in
                digest.finalize(into: hash)
                writeHex(UnsafeRawBufferPointer(hash), to: out.baseAddress! + o)
            }
            written = count
        }
    }

    /// Lower-case hex HMAC-SHA256 of `stringToSign` under the signing key.
    public static func signature(key: [UInt8], stringToSign: String) -> String {
        HMAC.sha256(key: key, string: stringToSign).hex
    }

    /// Checks a received request's signature: computes the string to sign of `canonicalRequest` and
    /// its HMAC under `key`, and compares that with `signature` (hex, either case) in constant time.
    /// Returns the string to sign as well, for the body of a `SignatureDoesNotMatch` error.
    public static func verify(canonicalRequest: [UInt8], amzDate: String, scope: String, key: HMACKey,
                              signature: String) -> (matches: Bool, stringToSign: [UInt8]) {
        // One digest context serves the canonical hash and both HMAC passes.
        let digest = Digest(.sha256)
        let toSign = canonicalRequest.withUnsafeBytes {
            stringToSign(amzDate: amzDate, scope: scope, canonicalRequest: $0, using: digest)
        }
        let matches = withUnsafeTemporaryAllocation(byteCount: 32 + 64, alignment: 8) { buffer in
            let mac = UnsafeMutableRawBufferPointer(rebasing: buffer[0..<32])
            toSign.withUnsafeBytes { _ = key.mac($0, into: mac, using: digest) }
            let hex = buffer.baseAddress!.assumingMemoryBound(to: UInt8.self) + 32
            writeHex(UnsafeRawBufferPointer(mac), to: hex)
            return withUTF8Bytes(signature) { signaturesEqual(UnsafeBufferPointer(start: hex, count: 64), $0) }
        }
        return (matches, toSign)
    }

    /// Compares two hex signatures in time independent of where they differ, case-insensitively.
    public static func signaturesEqual(_ a: String, _ b: String) -> Bool {
        withUTF8Bytes(a) { x in withUTF8Bytes(b) { y in signaturesEqual(x, y) } }
    }

    static func signaturesEqual(_ x: UnsafeBufferPointer<UInt8>, _ y: UnsafeBufferPointer<UInt8>) -> Bool {
        guard x.count == y.count else { return false }
        var diff: UInt8 = 0
        for i in 0..<x.count { diff |= (x[i] | 0x20) ^ (y[i] | 0x20) }
        return diff == 0
    }
}
