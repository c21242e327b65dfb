import Foundation
import Synchronization
import PailHTTP
import PailS3
#if canImport(Glibc)
import Glibc
#endif

/// Progress callback: bytes done so far and the total.
public typealias TransferProgress = @Sendable (Int64, Int64) -> Void

extension S3Client {
    /// Uploads a file: one PutObject below `multipartThreshold`, else multipart with `concurrency`
    /// parts in flight, sent straight from the file (flat memory). Any failed part aborts the upload.
    @discardableResult
    public func upload(file path: String, to key: String, options: PutOptions = PutOptions(), bucket: String? = nil,
                       progress: TransferProgress? = nil) async throws -> PutResult {
        let b = try bucketName(bucket)
        let size = try FileIO.size(path)
        if size < configuration.multipartThreshold {
            var r = S3Request("PutObject", "PUT", bucket: b, key: fullKey(key))
            r.headers = options.allHeaders
            r.body = .file(path: path, offset: 0, count: size)
            r.payloadHash = try await payloadHash(for: r.body)
            let result = try await putVerified(r, size: size)
            progress?(size, size)
            return result
        }
        let partSize = max(configuration.partSize, 5 << 20)
        let partCount = Int((size + partSize - 1) / partSize)
        let uploadID = try await createMultipartUpload(key, options: options, bucket: b)
        let done = Counter()
        do {
            var etags = [String](repeating: "", count: partCount)
            try await withThrowingTaskGroup(of: (Int, String).self) { group in
                var next = 0
                func add() {
                    let i = next
                    next += 1
                    let off = Int64(i) * partSize
                    let len = min(partSize, size - off)
                    group.addTask {
                        let etag = try await self.uploadPart(key, uploadID: uploadID, partNumber: i + 1,
                                                             body: .file(path: path, offset: off, count: len), bucket: b)
                        progress?(done.add(len), size)
                        return (i, etag)
                    }
                }
                for _ in 0..<min(configuration.concurrency, partCount) { add() }
                while let (i, etag) = try await group.next() {
                    etags[i] = etag
                    if next < partCount { add() }
                }
            }
            let etag = try await completeMultipartUpload(key, uploadID: uploadID,
                                                         parts: etags.enumerated().map { ($0.offset + 1, $0.element) }, bucket: b)
            if configuration.verifyAfterWrite {
                let info = try await head(key, bucket: b)
                if info.size != size || (!etag.isEmpty && info.etag != etag) {
                    throw S3ClientError(code: "WriteNotVerified", message: "HEAD shows size \(info.size) ETag \(info.etag), expected \(size) \(etag)")
                }
            }
            return PutResult(etag: etag, size: size, requestID: nil)
        } catch {
            try? await abortMultipartUpload(key, uploadID: uploadID, bucket: b)
            throw error
        }
    }

    /// Downloads an object to a file: one verified GET for small objects, else ranged GETs of
    /// `partSize` with `concurrency` in flight, each written in place (flat memory).
    public func download(_ key: String, to path: String, bucket: String? = nil, progress: TransferProgress? = nil) async throws -> ObjectInfo {
        let b = try bucketName(bucket)
        let info = try await head(key, bucket: b)
        let size = info.size
        let fd = try FileIO.create(path, size: size)
        defer { close(fd) }
        let done = Counter()
        if size < configuration.multipartThreshold {
            try await getRange(bucket: b, key: key, range: nil, fd: fd, fileOffset: 0, progress: { n in progress?(done.add(n), size) })
            return info
        }
        let partSize = configuration.partSize
        let parts = Int((size + partSize - 1) / partSize)
        try await withThrowingTaskGroup(of: Void.self) { group in
            var next = 0
            func add() {
                let i = next
                next += 1
                let off = Int64(i) * partSize
                let end = min(off + partSize, size) - 1
                group.addTask {
                    try await self.getRange(bucket: b, key: key, range: off...end, fd: fd, fileOffset: off,
                                            progress: { n in progress?(done.add(n), size) })
                }
            }
            for _ in 0..<min(configuration.concurrency, parts) { add() }
            while try await group.next() != nil { if next < parts { add() } }
        }
        return info
    }

    /// One GET (whole or ranged) written to `fd` at `fileOffset`, retried as a unit when the body is
    /// cut or damaged.
    func getRange(bucket: String, key: String, range: ClosedRange<Int64>?, fd: Int32, fileOffset: Int64,
                  progress: @escaping (Int64) -> Void) async throws {
        let r = getRequest(bucket: bucket, fullKey: fullKey(key), range: range)
        let verify = configuration.verifyResponseChecksums
        try await perform(r) { resp in
            if let range, resp.status != 206 {
                throw S3ClientError.invalidResponse("expected 206 for range \(range), got \(resp.status)", status: resp.status, headers: resp.headers)
            }
            let v = BodyVerifier(headers: resp.headers, status: resp.status, enabled: verify)
            let buf = UnsafeMutableRawBufferPointer.allocate(byteCount: 256 * 1024, alignment: 16)
            defer { buf.deallocate() }
            var off = fileOffset
            while true {
                let n = try resp.read(into: buf)
                if n == 0 { break }
                let slice = UnsafeRawBufferPointer(rebasing: buf[0..<n])
                v.update(slice)
                try FileIO.pwriteAll(fd, slice, at: off)
                off += Int64(n)
                progress(Int64(n))
            }
            try v.finish()
        }
    }

    /// Uploads from an async sequence of byte chunks of unknown length: buffers one part at a time
    /// (memory ≈ `partSize`); a short stream becomes a single PutObject, a longer one multipart.
    @discardableResult
    public func upload<S: AsyncSequence>(stream: S, to key: String, options: PutOptions = PutOptions(),
                                         bucket: String? = nil) async throws -> PutResult where S.Element == [UInt8] {
        let b = try bucketName(bucket)
        let partSize = Int(max(configuration.partSize, 5 << 20))
        var buffer: [UInt8] = []
        buffer.reserveCapacity(partSize)
        var iterator = stream.makeAsyncIterator()
        var uploadID: String?
        var parts: [(Int, String)] = []
        var total: Int64 = 0
        do {
            while true {
                let chunk = try await iterator.next()
                if let chunk { buffer.append(contentsOf: chunk); total += Int64(chunk.count) }
                while buffer.count >= partSize || (chunk == nil && uploadID != nil && !buffer.isEmpty) {
                    if uploadID == nil { uploadID = try await createMultipartUpload(key, options: options, bucket: b) }
                    let n = min(partSize, buffer.count)
                    let part = Array(buffer[0..<n])
                    buffer.removeFirst(n)
                    let etag = try await uploadPart(key, uploadID: uploadID!, partNumber: parts.count + 1, body: .bytes(part), bucket: b)
                    parts.append((parts.count + 1, etag))
                }
                if chunk == nil { break }
            }
            if let uploadID {
                let etag = try await completeMultipartUpload(key, uploadID: uploadID, parts: parts, bucket: b)
                return PutResult(etag: etag, size: total, requestID: nil)
            }
            return try await put(key, bytes: buffer, options: options, bucket: b)
        } catch {
            if let uploadID { try? await abortMultipartUpload(key, uploadID: uploadID, bucket: b) }
            throw error
        }
    }

    /// Streams an object's body as chunks; each `next()` reads from the connection on the executor.
    /// Not retried once bytes have been delivered; a cut body throws `IncompleteBody`.
    public func stream(_ key: String, range: ClosedRange<Int64>? = nil, bucket: String? = nil) async throws -> ObjectByteStream {
        let b = try bucketName(bucket)
        let r = getRequest(bucket: b, fullKey: fullKey(key), range: range)
        let verify = configuration.verifyResponseChecksums
        let (resp, v) = try await perform(r) { resp in (resp, BodyVerifier(headers: resp.headers, status: resp.status, enabled: verify)) }
        return ObjectByteStream(response: resp, verifier: v, executor: executor, info: ObjectInfo(key: key, headers: resp.headers))
    }
}

/// An object body delivered in chunks as they arrive.
// Unchecked: `response` (a connection) and `verifier` are used by one iterator, one `next()` at a
// time, each on an executor thread; an AsyncSequence is consumed serially, so no lock is needed.
public final class ObjectByteStream: AsyncSequence, @unchecked Sendable {
    public typealias Element = [UInt8]
    let response: HTTPClientResponse
    let verifier: BodyVerifier
    let executor: BlockingExecutor
    public let info: ObjectInfo

    init(response: HTTPClientResponse, verifier: BodyVerifier, executor: BlockingExecutor, info: ObjectInfo) {
        self.response = response
        self.verifier = verifier
        self.executor = executor
        self.info = info
    }

    public struct AsyncIterator: AsyncIteratorProtocol {
        let s: ObjectByteStream
        public mutating func next() async throws -> [UInt8]? {
            let s = self.s
            return try await s.executor.run {
                var chunk = [UInt8](repeating: 0, count: 256 * 1024)
                let n: Int
                do { n = try chunk.withUnsafeMutableBytes { try s.response.read(into: $0) } } catch {
                    throw S3ClientError(code: "IncompleteBody", message: "\(error)", underlying: error)
                }
                if n == 0 { try s.verifier.finish(); return nil }
                chunk.removeSubrange(n...)
                chunk.withUnsafeBytes { s.verifier.update($0) }
                return chunk
            }
        }
    }

    public func makeAsyncIterator() -> AsyncIterator { AsyncIterator(s: self) }
}

/// A thread-safe running total.
final class Counter: Sendable {
    private let value = Mutex<Int64>(0)
    func add(_ n: Int64) -> Int64 { value.withLock { $0 += n; return $0 } }
}
