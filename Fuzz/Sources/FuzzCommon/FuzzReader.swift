/// Reads parameters off the front of an input, then hands out the rest.
public struct FuzzReader {
    public private(set) var bytes: ArraySlice<UInt8>

    public init(_ bytes: [UInt8]) { self.bytes = bytes[...] }

    /// The next byte, or 0 once the input is used up.
    public mutating func byte() -> UInt8 { bytes.popFirst() ?? 0 }

    /// Everything not yet read.
    public var rest: [UInt8] { Array(bytes) }
}
