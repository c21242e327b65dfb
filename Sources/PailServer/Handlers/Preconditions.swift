import Foundation
import PailHTTP
import PailS3

/// Conditional GET/HEAD headers, evaluated as S3 does (RFC 7232 §6 order; S3 API GetObject):
/// If-Match false → 412; else If-Unmodified-Since false (only without If-Match) → 412;
/// If-None-Match matching → 304; else If-Modified-Since not modified (only without If-None-Match) → 304.
struct Preconditions {
    var ifMatch: String?
    var ifNoneMatch: String?
    var ifModifiedSince: Date?
    var ifUnmodifiedSince: Date?

    init(_ headers: HTTPHeaders) {
        ifMatch = headers["If-Match"]
        ifNoneMatch = headers["If-None-Match"]
        ifModifiedSince = headers["If-Modified-Since"].flatMap(S3Date.parseHTTP)
        ifUnmodifiedSince = headers["If-Unmodified-Since"].flatMap(S3Date.parseHTTP)
    }

    init(ifMatch: String?, ifNoneMatch: String?, ifModifiedSince: Date?, ifUnmodifiedSince: Date?) {
        self.ifMatch = ifMatch; self.ifNoneMatch = ifNoneMatch
        self.ifModifiedSince = ifModifiedSince; self.ifUnmodifiedSince = ifUnmodifiedSince
    }

    /// Throws PreconditionFailed (412) or NotModified (304, carrying `headers`).
    func evaluate(etag: String, lastModified: Date, headers: HTTPHeaders, notModified: S3Error = .notModified) throws {
        // HTTP dates have whole seconds; compare at that resolution.
        let modified = lastModified.timeIntervalSince1970.rounded(.down)
        if let ifMatch {
            if !ETag.matches(ifMatch, etag) { throw S3Error.preconditionFailed("If-Match") }
        } else if let ifUnmodifiedSince, modified > ifUnmodifiedSince.timeIntervalSince1970 {
            throw S3Error.preconditionFailed("If-Unmodified-Since")
        }
        if let ifNoneMatch {
            if ETag.matches(ifNoneMatch, etag) { throw withHeaders(notModified, headers) }
        } else if let ifModifiedSince, modified <= ifModifiedSince.timeIntervalSince1970 {
            throw withHeaders(notModified, headers)
        }
    }

    private func withHeaders(_ error: S3Error, _ headers: HTTPHeaders) -> S3Error {
        var e = error
        e.headers = headers.fields.map { ($0.name, $0.value) }
        return e
    }
}
