import PailHTTP
import PailS3

/// Checks a full-object GET body against what the response promises: the first
/// `x-amz-checksum-<alg>` that is a full-object value (composite values with `-N` are skipped, as
/// botocore does), else a plain-MD5 ETag, and always the Content-Length. A mismatch is a retryable
/// `ChecksumMismatch`; a short body `IncompleteBody`.
final class BodyVerifier {
    private let checksum: Checksum?
    private let expectedChecksum: String?
    private let md5: Digest?
    private let expectedMD5: String?
    private let expectedLength: Int64?
    private(set) var count: Int64 = 0

    init(headers: HTTPHeaders, status: Int, enabled: Bool) {
        expectedLength = Int64(headers["Content-Length"] ?? "")
        var cs: Checksum?, expCS: String?, md: Digest?, expMD: String?
        if enabled && status == 200 {
            for alg in [ChecksumAlgorithm.crc32, .crc32c, .crc64nvme, .sha1, .sha256] {
                if let v = headers[alg.headerName], !v.contains("-") {
                    cs = Checksum(alg); expCS = v
                    break
                }
            }
            if cs == nil, let etag = headers["ETag"] {
                let t = etag.trimmingCharacters(in: ["\""])
                if t.utf8.count == 32, hexDecode(t) != nil, headers["x-amz-server-side-encryption"] != "aws:kms" {
                    md = Digest(.md5); expMD = t.lowercased()
                }
            }
        }
        checksum = cs; expectedChecksum = expCS; md5 = md; expectedMD5 = expMD
    }

    func update(_ bytes: UnsafeRawBufferPointer) {
        count += Int64(bytes.count)
        checksum?.update(bytes)
        md5?.update(bytes)
    }

    func finish() throws {
        if let expectedLength, count != expectedLength {
            throw S3ClientError(code: "IncompleteBody", message: "got \(count) of \(expectedLength) bytes")
        }
        if let checksum, let expectedChecksum {
            let got = checksum.finalize().base64
            if got != expectedChecksum {
                throw S3ClientError(code: "ChecksumMismatch", message: "\(checksum.algorithm.name) \(got) != \(expectedChecksum)")
            }
        }
        if let md5, let expectedMD5 {
            let got = md5.finalize().hex
            if got != expectedMD5 {
                throw S3ClientError(code: "ChecksumMismatch", message: "body MD5 \(got) != ETag \(expectedMD5)")
            }
        }
    }
}
