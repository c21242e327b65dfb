import Foundation

/// Byte-string bounds for range scans over keys (compared by memcmp of their UTF-8).
enum KeyBounds {
    /// The smallest byte string greater than every string starting with `prefix`: the prefix with
    /// trailing 0xFF bytes dropped and its last byte incremented; nil when there is none (empty or
    /// all 0xFF). The result need not be valid UTF-8, which is why it is bound as raw TEXT bytes.
    static func upperBound(ofPrefix prefix: [UInt8]) -> [UInt8]? {
        var bytes = prefix
        while let last = bytes.last {
            if last == 0xFF { bytes.removeLast(); continue }
            bytes[bytes.count - 1] = last + 1
            return bytes
        }
        return nil
    }

    /// The smallest byte string strictly greater than `key`: the key followed by a NUL byte.
    static func successor(of key: [UInt8]) -> [UInt8] { key + [0] }

    /// The common prefix `key` rolls up into: everything up to and including the first `delimiter`
    /// after `prefixLength` bytes; nil when the delimiter does not occur there.
    static func commonPrefix(of key: [UInt8], prefixLength: Int, delimiter: [UInt8]) -> [UInt8]? {
        key.withUnsafeBufferPointer { commonPrefix(of: $0, prefixLength: prefixLength, delimiter: delimiter) }
    }

    /// `commonPrefix` over a key read in place (listings scan the index without copying each key).
    static func commonPrefix(of key: UnsafeBufferPointer<UInt8>, prefixLength: Int, delimiter: [UInt8]) -> [UInt8]? {
        guard !delimiter.isEmpty, key.count >= prefixLength + delimiter.count else { return nil }
        var i = prefixLength
        let lastStart = key.count - delimiter.count
        while i <= lastStart {
            if key[i] == delimiter[0] && key[i..<(i + delimiter.count)].elementsEqual(delimiter) {
                return Array(key[0..<(i + delimiter.count)])
            }
            i += 1
        }
        return nil
    }
}
