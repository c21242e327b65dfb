/// A body with no bytes.
public final class EmptyBodyStream: HTTPBodyStream {
    public init() {}
    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int { 0 }
}
