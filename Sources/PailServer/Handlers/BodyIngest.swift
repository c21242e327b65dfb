import PailS3
import PailStorage

/// Moves a request payload into storage in one pass: each buffer is written, MD5-hashed and
/// checksummed once; the checks run before anything is committed, so a bad body stores nothing.
struct BodyIngest {
    /// S3's single-PUT limit.
    static let maxObjectSize: Int64 = 5 * 1024 * 1024 * 1024
    static let bufferSize = 256 * 1024

    struct Result {
        var etag: String
        var checksum: String?
        var algorithm: ChecksumAlgorithm?
        var size: Int64
    }

    /// Streams the payload of `r` into `write`, verifying Content-MD5, the checksum and the payload hash.
    static func run(_ r: S3Request, checks: ChecksumRequest, write: (UnsafeRawBufferPointer) throws -> Void) throws -> Result {
        let payload = try PayloadReader(request: r)
        if let declared = payload.declaredLength, declared > maxObjectSize { throw S3Error.entityTooLarge(maxObjectSize) }
        if payload.declaredLength == nil, case .sha256 = r.auth.payload, r.http.contentLength == nil,
           r.headers["Transfer-Encoding"] == nil {
            throw S3Error.missingContentLength()
        }
        let md5 = Digest(.md5)
        let checksum = checks.algorithm.map(Checksum.init)
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: bufferSize, alignment: 16)
        defer { buffer.deallocate() }
        var size: Int64 = 0
        while true {
            let n = try payload.read(into: buffer)
            if n == 0 { break }
            let chunk = UnsafeRawBufferPointer(rebasing: buffer[0..<n])
            md5.update(chunk)
            checksum?.update(chunk)
            size += Int64(n)
            if size > maxObjectSize { throw S3Error.entityTooLarge(maxObjectSize) }
            do { try write(chunk) } catch { throw S3Error.internalError("Writing the object failed: \(error)") }
        }
        let digest = md5.finalize()
        let value = try checks.verify(md5: digest, checksum: checksum?.finalize(), trailers: payload.trailers)
        return Result(etag: digest.hex, checksum: value, algorithm: checks.algorithm, size: size)
    }
}
