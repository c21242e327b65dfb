import PailHTTP
import PailStorage

extension ObjectEncryption {
    /// The encryption response headers S3 sends for an object encrypted this way (API reference,
    /// PutObject and GetObject responses): the algorithm, with the KMS key ARN and the bucket-key
    /// flag; for SSE-C, the customer algorithm and the request's key MD5. `context`: echo the SSE-KMS
    /// encryption context too (writes). Nothing secret is in the record's headers.
    func addHeaders(to headers: inout HTTPHeaders, customerKeyMD5: String?, context: Bool = false) {
        switch mode {
        case .customer:
            headers.add(SSEHeader.customerAlgorithm, "AES256")
            if let customerKeyMD5 { headers.add(SSEHeader.customerKeyMD5, customerKeyMD5) }
        case .s3:
            headers.add(SSEHeader.algorithm, mode.rawValue)
        case .kms, .kmsDSSE:
            headers.add(SSEHeader.algorithm, mode.rawValue)
            if let kmsKeyARN { headers.add(SSEHeader.kmsKeyID, kmsKeyARN) }
            if context, let kmsContext { headers.add(SSEHeader.context, kmsContext) }
            if bucketKeyEnabled { headers.add(SSEHeader.bucketKeyEnabled, "true") }
        }
    }
}
