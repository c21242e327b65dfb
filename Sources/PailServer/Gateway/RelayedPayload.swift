import PailHTTP
import PailS3

/// A client's payload on its way upstream: aws-chunked framing removed and chunk signatures checked
/// (`PayloadReader`), then Content-MD5, the `x-amz-checksum-*` value and the payload hash verified by
/// Pail, as in local mode.
///
/// The last byte is held back until every check has passed: an upstream that waits for the declared
/// length (or a chunked body's last chunk) never receives a complete bad body, so it stores nothing,
/// whatever checks it makes itself (Ceph RGW 16 ignores `x-amz-checksum-*`).
final class RelayedPayload: HTTPBodyStream {
    private let payload: PayloadReader
    private let checks: ChecksumRequest
    private let md5: Digest?
    private let checksum: Checksum?
    private var held: UInt8?
    private var done = false
    /// The object length, when the client declared one.
    var declaredLength: Int64? { payload.declaredLength }
    /// Set once the body ended and passed: the checksum value (base64), when one was asked for.
    private(set) var verifiedChecksum: String?
    /// The MD5 of the body (when `computeMD5`), valid once the body ended.
    private(set) var md5Digest: [UInt8] = []
    /// The trailer fields that followed an aws-chunked body, valid once it ended.
    var trailers: [(name: String, value: String)] { payload.trailers }
    var algorithm: ChecksumAlgorithm? { checks.algorithm }

    init(_ r: S3Request, computeMD5: Bool = false) throws {
        payload = try PayloadReader(request: r)
        if let declared = payload.declaredLength, declared > BodyIngest.maxObjectSize { throw S3Error.entityTooLarge(BodyIngest.maxObjectSize) }
        checks = try ChecksumRequest(r)
        md5 = computeMD5 || checks.contentMD5 != nil ? Digest(.md5) : nil
        checksum = checks.algorithm.map(Checksum.init)
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard !done, buffer.count > 1 else { return 0 }
        while true {
            var filled = 0
            if let byte = held {
                buffer[0] = byte
                filled = 1
                held = nil
            }
            let n = try payload.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[filled...]))
            if n == 0 {
                try finish()
                done = true
                return filled
            }
            let fresh = UnsafeRawBufferPointer(rebasing: buffer[filled..<(filled + n)])
            md5?.update(fresh)
            checksum?.update(fresh)
            filled += n
            held = buffer[filled - 1]
            filled -= 1
            if filled > 0 { return filled }
        }
    }

    /// Reads the whole payload, discarding it (a lost write still checks what it acknowledges).
    func drain() throws -> Int64 {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 256 * 1024, alignment: 16)
        defer { buffer.deallocate() }
        var total: Int64 = 0
        while true {
            let n = try read(into: buffer)
            if n == 0 { return total }
            total += Int64(n)
        }
    }

    private func finish() throws {
        let digest = md5?.finalize() ?? []
        md5Digest = digest
        verifiedChecksum = try checks.verify(md5: digest, checksum: checksum?.finalize(), trailers: payload.trailers)
    }
}
