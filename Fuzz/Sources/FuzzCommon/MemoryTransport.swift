import PailHTTP

/// A connection whose peer sends `data` in reads of at most `readSize` bytes, then closes.
/// Writes (a `100 Continue`, say) are counted and dropped.
public final class MemoryTransport: ConnectionTransport {
    private let data: [UInt8]
    private let readSize: Int
    private var offset = 0
    public private(set) var bytesWritten = 0

    public init(_ data: [UInt8], readSize: Int) {
        self.data = data
        self.readSize = max(1, readSize)
    }

    public var isSecure: Bool { false }

    public func read(into buffer: UnsafeMutableRawBufferPointer, deadline: IODeadline) throws -> Int {
        let n = min(buffer.count, readSize, data.count - offset)
        guard n > 0 else { return 0 }
        data.withUnsafeBytes { buffer.baseAddress!.copyMemory(from: $0.baseAddress! + offset, byteCount: n) }
        offset += n
        return n
    }

    public func write(_ bytes: UnsafeRawBufferPointer, stallTimeout: Double) throws { bytesWritten += bytes.count }
    public func sendFile(fd: Int32, offset: Int64, count: Int64, stallTimeout: Double) throws {}
    public func shutdownSocket() {}
    public func abort() {}
    public func close() {}
}
