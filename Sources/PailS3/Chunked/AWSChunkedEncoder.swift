/// Builds aws-chunked bodies (client uploads and tests). Chunks are `chunkSize` bytes except the last
/// data chunk; a zero-length chunk always ends the data, so empty `data` gives just that chunk.
public enum AWSChunkedEncoder {
    /// `hex(len)\r\n<data>\r\n` … `0\r\n`, then each trailer as `name:value\r\n`, then `\r\n`
    /// (STREAMING-UNSIGNED-PAYLOAD-TRAILER). `chunkSize` must be positive.
    public static func encodeUnsigned(data: [UInt8], chunkSize: Int, trailers: [(String, String)]) -> [UInt8] {
        precondition(chunkSize > 0, "chunkSize must be positive")
        var out: [UInt8] = []
        out.reserveCapacity(data.count + data.count / chunkSize * 12 + 64)
        var offset = 0
        while offset < data.count {
            let n = min(chunkSize, data.count - offset)
            out += String(n, radix: 16).utf8
            out += [0x0D, 0x0A]
            out += data[offset..<(offset + n)]
            out += [0x0D, 0x0A]
            offset += n
        }
        out += "0\r\n".utf8
        for (name, value) in trailers { out += (name + ":" + value + "\r\n").utf8 }
        out += [0x0D, 0x0A]
        return out
    }

    /// Signed chunks `hex(len);chunk-signature=<sig>\r\n<data>\r\n`, each signature chained from the
    /// previous one starting at `seedSignature`, then `0;chunk-signature=<sig>\r\n`. Without trailers
    /// the body ends `\r\n` (STREAMING-AWS4-HMAC-SHA256-PAYLOAD); with trailers it continues with
    /// `name:value\r\n` lines, `x-amz-trailer-signature:<sig>\r\n` and `\r\n`
    /// (STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER). `chunkSize` must be positive.
    public static func encodeSigned(data: [UInt8], chunkSize: Int, seedSignature: String, signingKey: [UInt8],
                                    amzDate: String, scope: String, trailers: [(String, String)]) -> [UInt8] {
        precondition(chunkSize > 0, "chunkSize must be positive")
        var out: [UInt8] = []
        out.reserveCapacity(data.count + (data.count / chunkSize + 1) * 90 + 256)
        var previous = seedSignature
        func header(_ n: Int, _ hash: String) {
            let sts = AWSChunkedSigning.chunkStringToSign(amzDate: amzDate, scope: scope, previous: previous, dataHash: hash)
            previous = SigV4.signature(key: signingKey, stringToSign: sts)
            out += (String(n, radix: 16) + ";chunk-signature=" + previous + "\r\n").utf8
        }
        var offset = 0
        while offset < data.count {
            let n = min(chunkSize, data.count - offset)
            let chunk = Array(data[offset..<(offset + n)])
            header(n, sha256(chunk).hex)
            out += chunk
            out += [0x0D, 0x0A]
            offset += n
        }
        header(0, SigV4.emptySHA256)
        if !trailers.isEmpty {
            var canonical: [UInt8] = []
            for (name, value) in trailers {
                out += (name + ":" + value + "\r\n").utf8
                canonical += (name + ":" + value + "\n").utf8
            }
            let sts = AWSChunkedSigning.trailerStringToSign(amzDate: amzDate, scope: scope, previous: previous,
                                                            trailerHash: sha256(canonical).hex)
            out += ("x-amz-trailer-signature:" + SigV4.signature(key: signingKey, stringToSign: sts) + "\r\n").utf8
        }
        out += [0x0D, 0x0A]
        return out
    }
}
