#if canImport(Glibc)
import Glibc
#endif

/// The request line and header block of one HTTP/1.1 request.
public struct HTTPRequestHead: Sendable {
    /// The method exactly as sent (`GET`, `PUT`, ...).
    public var method: String
    /// The raw request target (`/bucket/a%20b?list-type=2`), never decoded or normalised.
    public var target: String {
        didSet { queryMark = Self.queryMark(in: target) }
    }
    /// `HTTP/1.1` or `HTTP/1.0`.
    public var version: String
    public var headers: HTTPHeaders
    /// Where the first `?` of `target` is (`endIndex` when there is none). Found once: the pipeline
    /// asks for the path and the query several times per request.
    private var queryMark: String.Index

    public init(method: String, target: String, version: String = "HTTP/1.1", headers: HTTPHeaders) {
        self.method = method
        self.target = target
        self.version = version
        self.headers = headers
        self.queryMark = Self.queryMark(in: target)
    }

    /// The raw path part of the target, before any `?`.
    public var rawPath: Substring { target[..<queryMark] }

    /// The raw query part of the target after `?`, or an empty string.
    public var rawQuery: Substring {
        queryMark == target.endIndex ? "" : target[target.utf8.index(after: queryMark)...]
    }

    private static func queryMark(in target: String) -> String.Index {
        let utf8 = target.utf8
        // memchr over the contiguous bytes: a presigned query is several hundred bytes after the path.
        let offset = utf8.withContiguousStorageIfAvailable {
            HTTPHeadParser.find(UInt8(ascii: "?"), in: UnsafeRawBufferPointer($0), from: 0)
        } ?? utf8.firstIndex(of: UInt8(ascii: "?")).map { utf8.distance(from: utf8.startIndex, to: $0) }
        guard let offset else { return target.endIndex }
        return utf8.index(utf8.startIndex, offsetBy: offset)
    }
}

/// A source of body bytes that is read once, front to back.
public protocol HTTPBodyStream: AnyObject {
    /// Reads up to `buffer.count` bytes; returns 0 at the end of the body.
    ///
    /// Throws `HTTPError.bodyTruncated` when the peer closes early and `HTTPError.timeout` when the peer
    /// stalls longer than the server's body timeout.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int
}

extension HTTPBodyStream {
    /// Reads the whole body into memory, refusing more than `limit` bytes. For small XML bodies only.
    public func readAll(limit: Int) throws -> [UInt8] {
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16 * 1024)
        while true {
            let n = try chunk.withUnsafeMutableBytes { try read(into: $0) }
            if n == 0 { return out }
            out.append(contentsOf: chunk[0..<n])
            if out.count > limit { throw HTTPError.bodyTooLarge }
        }
    }
}

/// One request as the handler sees it.
public final class HTTPRequest {
    public let head: HTTPRequestHead
    /// The decoded body (chunked transfer coding removed). Empty for requests without a body.
    public let body: HTTPBodyStream
    /// The declared body length: Content-Length, or nil for `Transfer-Encoding: chunked`.
    public let contentLength: Int64?
    /// `host:port` of the peer.
    public let remoteAddress: String
    /// True when the request arrived over TLS.
    public let isSecure: Bool

    public init(head: HTTPRequestHead, body: HTTPBodyStream, contentLength: Int64?, remoteAddress: String, isSecure: Bool) {
        self.head = head
        self.body = body
        self.contentLength = contentLength
        self.remoteAddress = remoteAddress
        self.isSecure = isSecure
    }

    /// Body bytes read so far, after chunked decoding (an aws-chunked body's signatures count: they
    /// are body to HTTP). 0 for a body that is not read from a connection (tests).
    public var bodyBytesRead: Int64 { (body as? RequestBody)?.bytesRead ?? 0 }
}
