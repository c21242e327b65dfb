import Foundation
import PailHTTP
import PailS3

/// Requests a browser sends that authenticate without an `Authorization` header: POST Object forms
/// (signed by their policy) and CORS preflights (never signed). The pipeline asks here before header
/// authentication; everything else goes on to `authenticate` and `route`.
extension S3Service {
    /// The response to a browser request, or nil when `r` is not one.
    func browserRequest(_ r: S3Request, skew: TimeInterval) throws -> HTTPResponse? {
        switch r.operation {
        case .postObject:
            // A POST that is not a form is signed like any request and answered 412 by `route`.
            guard let type = r.headers["Content-Type"], PostForm.isForm(type) else { return nil }
            return try postObject(r, skew: skew)
        case .optionsObject:
            return try preflight(r)
        default:
            return nil
        }
    }
}
