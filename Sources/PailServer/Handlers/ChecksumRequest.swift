import PailS3

/// The integrity checks a request asks for: Content-MD5 and at most one `x-amz-checksum-*` value,
/// given as a header or announced as a trailer (`x-amz-trailer`).
struct ChecksumRequest {
    var contentMD5: [UInt8]?
    var algorithm: ChecksumAlgorithm?
    /// The expected value (base64) when sent as a header; nil when it comes in the trailer.
    var headerValue: String?
    var inTrailer = false

    /// Computes `algorithm` even when the client sent no value for it (multipart parts need theirs).
    mutating func require(_ alg: ChecksumAlgorithm) throws {
        if let algorithm, algorithm != alg {
            throw S3Error.invalidRequest("Checksum Type mismatch occurred, expected checksum Type: \(alg.rawValue), actual checksum Type: \(algorithm.rawValue)")
        }
        algorithm = alg
    }

    init(_ r: S3Request) throws {
        let headers = r.headers
        if let md5 = headers["Content-MD5"] {
            guard let bytes = base64Decode(md5), bytes.count == 16 else { throw S3Error.invalidDigest() }
            contentMD5 = bytes
        }
        for (name, value) in headers.fields {
            guard let alg = ChecksumAlgorithm.from(header: name) else { continue }
            if algorithm != nil {
                throw S3Error.invalidRequest("Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed.")
            }
            guard let decoded = base64Decode(value), decoded.count == alg.digestLength else {
                throw S3Error.invalidRequest("Value for \(alg.headerName) header is invalid.")
            }
            algorithm = alg
            headerValue = value
        }
        if let trailer = headers["x-amz-trailer"] {
            guard case .streaming(_, true) = r.auth.payload else {
                throw S3Error.invalidRequest("The value specified in the x-amz-trailer header is not supported")
            }
            guard let alg = ChecksumAlgorithm.from(header: trailer.trimmedSpaces()), algorithm == nil else {
                throw S3Error.invalidRequest("The value specified in the x-amz-trailer header is not supported")
            }
            algorithm = alg
            inTrailer = true
        }
        if let sdk = headers["x-amz-sdk-checksum-algorithm"] {
            guard let alg = ChecksumAlgorithm(name: sdk) else {
                throw S3Error.invalidRequest("Checksum algorithm provided is unsupported. Please try again with any of the valid types: [CRC32, CRC32C, CRC64NVME, SHA1, SHA256]")
            }
            guard algorithm == alg else {
                throw S3Error.invalidRequest("x-amz-sdk-checksum-algorithm specified, but no corresponding x-amz-checksum-* or x-amz-trailer headers were found.")
            }
        }
    }

    /// Checks the computed digests against what the client sent. `trailers` are the decoded trailer
    /// fields (for the trailer variant).
    func verify(md5: [UInt8], checksum: [UInt8]?, trailers: [(name: String, value: String)]) throws -> String? {
        if let contentMD5, contentMD5 != md5 { throw S3Error.badDigest() }
        guard let algorithm, let checksum else { return nil }
        let computed = checksum.base64
        var expected = headerValue
        if inTrailer {
            expected = trailers.first { $0.name.lowercased() == algorithm.headerName }?.value
            guard let value = expected, let decoded = base64Decode(value), decoded.count == algorithm.digestLength else {
                throw S3Error.invalidRequest("The value specified in the x-amz-trailer header is not supported")
            }
        }
        if expected != computed {
            throw S3Error.badDigest("The \(algorithm.rawValue.uppercased()) you specified did not match the calculated checksum.")
        }
        return computed
    }
}
