/// A body with no bytes. Stateless, so one instance can serve any number of requests at once.
public final class EmptyBodyStream: HTTPBodyStream, Sendable {
    /// An empty body.
    public init() {}
    /// Always 0: the body has ended.
    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int { 0 }
}
