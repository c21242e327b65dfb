import Foundation

/// The index of the first `byte` in `bytes[from..<to]`, or `to` when there is none.
///
/// `memchr` compares a vector of bytes per step; a Swift loop spends several instructions on each
/// byte, which showed when splitting and scanning every query parameter of every request.
@inline(__always)
func firstIndex(of byte: UInt8, in bytes: UnsafeBufferPointer<UInt8>, from: Int, to: Int) -> Int {
    guard from < to, let base = bytes.baseAddress, let found = memchr(base + from, Int32(byte), to - from) else { return to }
    return UnsafePointer(found.assumingMemoryBound(to: UInt8.self)) - base
}
