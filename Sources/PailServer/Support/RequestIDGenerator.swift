import Foundation
import Synchronization

/// Produces `x-amz-request-id` values: 16 upper-case hex digits, unique within a process, cheap.
///
/// A random 32-bit prefix per process plus a counter: ids never repeat within a run and rarely across
/// runs, without a random draw per request. Pass a `seed` for reproducible ids in tests.
public final class RequestIDGenerator: Sendable {
    private let prefix: UInt64
    private let counter = Atomic<UInt64>(0)

    public init(seed: UInt32? = nil) {
        prefix = UInt64(seed ?? UInt32.random(in: 0...UInt32.max)) << 32
    }

    public func next() -> String {
        let value = prefix | (counter.wrappingAdd(1, ordering: .relaxed).newValue & 0xFFFF_FFFF)
        // Digits written in place: the radix conversion, padding and concatenation were three strings.
        return String(unsafeUninitializedCapacity: 16) { buffer in
            for i in 0..<16 { buffer[i] = Self.hexDigits[Int((value >> (60 - 4 * UInt64(i))) & 0xF)] }
            return 16
        }
    }

    private static let hexDigits: [UInt8] = Array("0123456789ABCDEF".utf8)
}
