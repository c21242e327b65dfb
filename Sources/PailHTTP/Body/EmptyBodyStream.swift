/// A body with no bytes.
public final class EmptyBodyStream: HTTPBodyStream {
    /// An empty body.
    public init() {}
    /// Always 0: the body has ended.
    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int { 0 }
}
