import PailS3
import PailStorage

/// Moves a request payload into storage in one pass: each buffer is written, MD5-hashed and
/// checksummed once; the checks run before anything is committed, so a bad body stores nothing.
struct BodyIngest {
    /// S3's single-PUT limit.
    static let maxObjectSize: Int64 = 5 * 1024 * 1024 * 1024
    static let bufferSize = 256 * 1024
    /// Buffers in flight between the connection thread and the hash lanes.
    static let pipelineDepth = 4

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
        // A body that fits one buffer is hashed inline; anything larger hashes behind the writes.
        let overlapped = payload.declaredLength.map { $0 > Int64(bufferSize) } ?? true
        let hashes = HashPipeline(bufferSize: bufferSize, depth: pipelineDepth, overlapped: overlapped,
                                  lanes: [md5.update] + (checksum.map { [$0.update] } ?? []))
        defer { hashes.finish() }
        var size: Int64 = 0
        while true {
            let buffer = hashes.nextBuffer()
            let n = try fill(buffer, from: payload)
            if n == 0 { break }
            let chunk = UnsafeRawBufferPointer(rebasing: buffer[0..<n])
            size += Int64(n)
            if size > maxObjectSize { throw S3Error.entityTooLarge(maxObjectSize) }
            hashes.hash(count: n)
            do { try write(chunk) } catch { throw S3Error.internalError("Writing the object failed: \(error)") }
            if n < buffer.count { break }
        }
        hashes.finish()
        let digest = md5.finalize()
        let value = try checks.verify(md5: digest, checksum: checksum?.finalize(), trailers: payload.trailers)
        return Result(etag: digest.hex, checksum: value, algorithm: checks.algorithm, size: size)
    }

    /// Reads until `buffer` is full or the payload ends (then the payload's end checks have passed),
    /// so that every hand-off to the hash lanes and every write() moves a whole buffer.
    private static func fill(_ buffer: UnsafeMutableRawBufferPointer, from payload: PayloadReader) throws -> Int {
        var filled = 0
        while filled < buffer.count {
            let n = try payload.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[filled...]))
            if n == 0 { break }
            filled += n
        }
        return filled
    }
}
