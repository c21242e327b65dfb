/// The chained signatures of aws-chunked bodies (sigv4-streaming.html, sigv4-streaming-trailers.html),
/// shared by the decoder and the encoder.
enum AWSChunkedSigning {
    /// `AWS4-HMAC-SHA256-PAYLOAD\n<date>\n<scope>\n<previous>\n<sha256("")>\n<dataHash>`.
    static func chunkStringToSign(amzDate: String, scope: String, previous: String, dataHash: String) -> String {
        "AWS4-HMAC-SHA256-PAYLOAD\n" + amzDate + "\n" + scope + "\n" + previous + "\n" + SigV4.emptySHA256 + "\n" + dataHash
    }

    /// `AWS4-HMAC-SHA256-TRAILER\n<date>\n<scope>\n<previous>\n<trailerHash>`, where the trailer hash
    /// is the hex SHA-256 of the trailer lines, each as `name:value\n`.
    static func trailerStringToSign(amzDate: String, scope: String, previous: String, trailerHash: String) -> String {
        "AWS4-HMAC-SHA256-TRAILER\n" + amzDate + "\n" + scope + "\n" + previous + "\n" + trailerHash
    }

    static func mismatch(stringToSign: String, provided: String) -> S3Error {
        S3Error("SignatureDoesNotMatch", 403,
                "The request signature we calculated does not match the signature you provided. Check your key and signing method.",
                details: [("StringToSign", stringToSign), ("SignatureProvided", provided)])
    }
}
