import Foundation
import PailHTTP
import PailS3

extension UpstreamForwarder {
    /// Upstream response fields that belong to the hop, or that Pail sets itself (RFC 9110 §7.6.1).
    static let hopFields: Set<String> = ["connection", "keep-alive", "transfer-encoding", "date", "server",
                                         "content-length", "proxy-connection", "trailer", "upgrade"]

    /// Results whose bodies name buckets, rewritten when a bucket prefix is set.
    static let namingBuckets: Set<S3Operation> = [
        .listObjects, .listObjectsV2, .listObjectVersions, .listMultipartUploads, .createMultipartUpload,
        .completeMultipartUpload, .listParts,
    ]

    /// Bodies read whole for rewriting (listings, errors): more than this is relayed untouched.
    static let rewriteLimit = 32 << 20

    /// The upstream's answer as Pail's: status, fields and body as sent, except hop fields; the
    /// upstream's request ids move to `x-pail-upstream-request-id` and `x-pail-upstream-id-2`, next to
    /// Pail's own `x-amz-request-id`; an error body also gets `<PailRequestId>`. Bodies that name
    /// buckets are mapped back through the prefix; object bodies stream.
    func relay(_ upstreamResponse: HTTPClientResponse, for r: S3Request) throws -> HTTPResponse {
        let status = upstreamResponse.status
        var response = HTTPResponse(status: status)
        var isXML = false
        for (name, value) in upstreamResponse.headers {
            let lower = name.lowercased()
            if Self.hopFields.contains(lower) { continue }
            switch lower {
            case "x-amz-request-id": response.headers.add("x-pail-upstream-request-id", value)
            case "x-amz-id-2": response.headers.add("x-pail-upstream-id-2", value)
            case "location" where !mapping.isIdentity:
                response.headers.add(name, value.replacingOccurrences(of: "/" + mapping.prefix, with: "/"))
            default:
                if lower == "content-type" && Self.mentionsXML(value) { isXML = true }
                response.headers.add(name, value)
            }
        }
        let length = upstreamResponse.headers["Content-Length"].flatMap { Int64($0) }
        if r.method == "HEAD" || status == 204 || status == 304 {
            // No body, but the object's length is the answer to a HEAD (RFC 9110 §9.3.2).
            if r.method == "HEAD", let length { response.headers.add("Content-Length", String(length)) }
            response.omitBody = r.method == "HEAD"
            upstreamResponse.discard()
            return response
        }
        let isError = status >= 300 && isXML
        let rewrites = isError || (!mapping.isIdentity && (r.operation == .listBuckets || Self.namingBuckets.contains(r.operation)))
        if rewrites || length == nil {
            // Listings and errors are small; a body of unknown length must be counted before its head goes out.
            var body = try readWhole(upstreamResponse, limit: rewrites ? Self.rewriteLimit : BodyIngest.bufferSize * 256)
            if rewrites {
                body = r.operation == .listBuckets && !isError ? mapping.listBuckets(body) : mapping.clientView(body)
                if isError { body = Self.withPailRequestID(body, r.requestID) }
            }
            response.body = .bytes(body)
            return response
        }
        let total = length!
        if total <= Self.inlineLimit {
            // A small body is read here, so it leaves with the head in one write and the upstream
            // connection is back in the pool before the client has it.
            response.body = total == 0 ? .empty : .bytes(try readExactly(upstreamResponse, count: Int(total)))
            return response
        }
        response.body = .stream(length: total) { writer in
            if total > 4 * Int64(UpstreamBodyRelay.bufferSize) {
                try UpstreamBodyRelay.relay(upstreamResponse, count: total, to: writer)
            } else {
                try Self.copy(upstreamResponse, count: total, to: writer)
            }
        }
        return response
    }

    /// True when a Content-Type names XML (`application/xml`, `text/xml; charset=utf-8`): bytes
    /// compared in place, where `lowercased().contains` went through Foundation on every response.
    static func mentionsXML(_ contentType: String) -> Bool {
        let u = contentType.utf8
        guard u.count >= 3 else { return false }
        var it = u.makeIterator()
        var a: UInt8 = 0, b: UInt8 = 0
        while let c = it.next() {
            if a | 0x20 == UInt8(ascii: "x") && b | 0x20 == UInt8(ascii: "m") && c | 0x20 == UInt8(ascii: "l") { return true }
            a = b
            b = c
        }
        return false
    }

    /// Bodies up to this size are read before the response is returned (`.bytes`).
    static let inlineLimit: Int64 = 64 * 1024

    private func readExactly(_ response: HTTPClientResponse, count: Int) throws -> [UInt8] {
        do {
            var out = [UInt8](repeating: 0, count: count)
            var filled = 0
            try out.withUnsafeMutableBytes { buffer in
                while filled < count {
                    let n = try response.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[filled...]))
                    if n == 0 { throw HTTPError.bodyTruncated }
                    filled += n
                }
            }
            // Reads the end of the body, so the connection goes back to the pool.
            var byte: UInt8 = 0
            _ = try withUnsafeMutableBytes(of: &byte) { try response.read(into: $0) }
            return out
        } catch {
            throw Upstream.unreachable(upstream.endpoint, error)
        }
    }

    private func readWhole(_ response: HTTPClientResponse, limit: Int) throws -> [UInt8] {
        do { return try response.readAll(limit: limit) } catch {
            throw Upstream.unreachable(upstream.endpoint, error)
        }
    }

    /// Streams `count` body bytes from the upstream to the client through one buffer.
    static func copy(_ source: HTTPClientResponse, count: Int64, to writer: HTTPBodyWriter) throws {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: Int(min(count, Int64(BodyIngest.bufferSize))), alignment: 16)
        defer { buffer.deallocate() }
        var left = count
        while left > 0 {
            let n = try source.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[0..<Int(min(Int64(buffer.count), left))]))
            if n == 0 { throw HTTPError.bodyTruncated }
            try writer.write(UnsafeRawBufferPointer(rebasing: buffer[0..<n]))
            left -= Int64(n)
        }
        // Reads the end of the body so the connection goes back to the pool.
        _ = try source.read(into: buffer)
    }

    /// Adds `<PailRequestId>` before `</Error>`, so an error read from the body alone still names the
    /// request in Pail's access and fault logs.
    static func withPailRequestID(_ body: [UInt8], _ id: String) -> [UInt8] {
        let text = String(decoding: body, as: UTF8.self)
        guard let end = text.range(of: "</Error>", options: .backwards) else { return body }
        var out = text
        out.insert(contentsOf: "<PailRequestId>\(id)</PailRequestId>", at: end.lowerBound)
        return Array(out.utf8)
    }
}
