#if PAIL_TSAN
import Foundation

/// Synchronization's `Mutex`, as ThreadSanitizer builds see it (`tools/tsan.sh` compiles with
/// `-DPAIL_TSAN`; ordinary builds never contain this type).
///
/// On Linux, `Mutex` waits on a futex through calls ThreadSanitizer does not intercept, so TSan sees
/// no ordering between two threads' critical sections and reports every access a `Mutex` guards as a
/// race (`tools/tsan-mutex-repro.swift` shows it: a correct count, and a report). Each module that uses
/// `Mutex` shadows the name with this type in TSan builds (its `Mutex+TSan.swift`), so the code under
/// test is the same and TSan checks the rest: an `NSLock` (a pthread mutex, which TSan understands)
/// around the value, with `Mutex`'s `withLock`.
// Unchecked: `value` is touched only under `lock`, the promise `Mutex` itself makes.
public final class TSanVisibleMutex<Value: ~Copyable>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    public init(_ initialValue: consuming sending Value) { value = initialValue }

    /// Runs `body` with the value while holding the lock, as `Mutex.withLock` does.
    public func withLock<Result: ~Copyable, E: Error>(
        _ body: (inout sending Value) throws(E) -> sending Result
    ) throws(E) -> sending Result {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}
#endif
