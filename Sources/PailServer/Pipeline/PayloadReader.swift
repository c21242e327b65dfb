import PailHTTP
import PailS3

/// The request payload as object bytes: aws-chunked framing removed, chunk signatures checked, and at
/// the end the declared SHA-256 and length verified. Streams; never holds the body.
final class PayloadReader: HTTPBodyStream {
    private let body: HTTPBodyStream
    private let decoder: AWSChunkedDecoder?
    private let sha: Digest?
    private let expectedSHA: String?
    /// The object length the client declared (Content-Length or x-amz-decoded-content-length), if any.
    let declaredLength: Int64?
    private(set) var bytesRead: Int64 = 0

    init(request: S3Request) throws {
        body = request.http.body
        let headers = request.headers
        switch request.auth.payload {
        case .sha256(let hex):
            sha = Digest(.sha256)
            expectedSHA = hex
            decoder = nil
            declaredLength = request.http.contentLength
        case .unsigned:
            sha = nil; expectedSHA = nil; decoder = nil
            declaredLength = request.http.contentLength
        case .streaming(let signed, let trailer):
            sha = nil; expectedSHA = nil
            guard let decoded = headers["x-amz-decoded-content-length"] else {
                throw S3Error.missingContentLength()
            }
            guard let length = Int64(decoded), length >= 0 else {
                throw S3Error.invalidArgument("x-amz-decoded-content-length is not a valid length", name: "x-amz-decoded-content-length", value: decoded)
            }
            declaredLength = length
            let auth = request.auth!
            let mode: AWSChunkedDecoder.Mode = signed
                ? .signed(seedSignature: auth.signature, signingKey: auth.signingKey, amzDate: auth.amzDate, scope: auth.scope)
                : .unsigned
            let source = request.http.body
            decoder = AWSChunkedDecoder(mode: mode, expectTrailer: trailer) { buffer in
                try source.read(into: buffer)
            }
        }
    }

    /// Trailer fields after the body (aws-chunked with trailer), valid once `read` returned 0.
    var trailers: [(name: String, value: String)] { decoder?.trailers ?? [] }

    /// Reads object bytes; 0 at the end, after every check passed.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let n: Int
        do {
            n = try decoder?.read(into: buffer) ?? body.read(into: buffer)
        } catch let error as HTTPError {
            throw Self.map(error)
        }
        if n > 0 {
            bytesRead += Int64(n)
            sha?.update(UnsafeRawBufferPointer(rebasing: buffer[0..<n]))
            if let declaredLength, bytesRead > declaredLength { throw S3Error.incompleteBody() }
            return n
        }
        if let declaredLength, bytesRead != declaredLength { throw S3Error.incompleteBody() }
        if let sha, let expectedSHA {
            let computed = sha.finalize().hex
            if computed != expectedSHA {
                throw S3Error.xAmzContentSHA256Mismatch(client: expectedSHA, computed: computed)
            }
        }
        return 0
    }

    /// Reads a small XML payload whole, verified; more than `limit` bytes is MalformedXML.
    func readXML(limit: Int) throws -> [UInt8] {
        do { return try readAll(limit: limit) } catch HTTPError.bodyTooLarge { throw S3Error.malformedXML() }
    }

    static func map(_ error: HTTPError) -> S3Error {
        switch error {
        case .timeout: return .requestTimeout()
        case .bodyTooLarge: return .entityTooLarge(5 * 1024 * 1024 * 1024)
        default: return .incompleteBody()
        }
    }
}
