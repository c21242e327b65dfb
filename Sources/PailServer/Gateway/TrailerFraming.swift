import Foundation
import PailHTTP

/// Frames a verified payload as an unsigned aws-chunked body with the client's trailer
/// (STREAMING-UNSIGNED-PAYLOAD-TRAILER: `hex(len)\r\n<data>\r\n` … `0\r\n`, the trailer lines, `\r\n`;
/// https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-streaming-trailers.html).
final class TrailerFraming: HTTPBodyStream {
    private let payload: RelayedPayload
    /// Framing bytes owed before the next data (the end: last chunk and trailer).
    private var pending: [UInt8] = []
    private var ended = false
    private var finished = false
    /// Room kept for `hex(len)\r\n` in front of each data chunk.
    private static let headRoom = 16

    init(_ payload: RelayedPayload) { self.payload = payload }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        if !pending.isEmpty { return drainPending(into: buffer) }
        if finished { return 0 }
        if ended {
            finished = true
            return 0
        }
        guard buffer.count > Self.headRoom + 3 else { return 0 }
        let space = UnsafeMutableRawBufferPointer(rebasing: buffer[Self.headRoom..<(buffer.count - 2)])
        let n = try payload.read(into: space)
        if n == 0 {
            ended = true
            var tail = Array("0\r\n".utf8)
            for (name, value) in payload.trailers { tail += Array("\(name):\(value)\r\n".utf8) }
            tail += [13, 10]
            pending = tail
            return drainPending(into: buffer)
        }
        let head = Array((String(n, radix: 16) + "\r\n").utf8)
        let base = buffer.baseAddress!
        memmove(base + head.count, base + Self.headRoom, n)
        head.withUnsafeBytes { base.copyMemory(from: $0.baseAddress!, byteCount: head.count) }
        buffer[head.count + n] = 13
        buffer[head.count + n + 1] = 10
        return head.count + n + 2
    }

    private func drainPending(into buffer: UnsafeMutableRawBufferPointer) -> Int {
        let n = min(buffer.count, pending.count)
        pending.withUnsafeBytes { buffer.baseAddress!.copyMemory(from: $0.baseAddress!, byteCount: n) }
        pending.removeFirst(n)
        return n
    }
}
