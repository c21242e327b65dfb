#if canImport(Glibc)
import Glibc
#endif

/// A pthread mutex with two condition variables on it: the idle parker's spare threads and its
/// monitor wait on the same state but must be woken separately (`NSCondition` has one of each).
final class PoolLock {
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let conditions = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 2)

    /// The two conditions, by index into `conditions`.
    enum Condition: Int { case spare = 0, monitor = 1 }

    init() {
        pthread_mutex_init(mutex, nil)
        for i in 0..<2 {
            // Timed waits measure against the monotonic clock, so a wall-clock jump cannot stall them.
            var attr = pthread_condattr_t()
            pthread_condattr_init(&attr)
            pthread_condattr_setclock(&attr, CLOCK_MONOTONIC)
            pthread_cond_init(conditions + i, &attr)
            pthread_condattr_destroy(&attr)
        }
    }

    deinit {
        for i in 0..<2 { pthread_cond_destroy(conditions + i) }
        pthread_mutex_destroy(mutex)
        conditions.deallocate()
        mutex.deallocate()
    }

    func lock() { pthread_mutex_lock(mutex) }
    func unlock() { pthread_mutex_unlock(mutex) }

    /// Wakes one thread waiting on `condition` (call with the lock held).
    func signal(_ condition: Condition) { pthread_cond_signal(conditions + condition.rawValue) }

    /// Wakes every thread waiting on `condition`.
    func broadcast(_ condition: Condition) { pthread_cond_broadcast(conditions + condition.rawValue) }

    /// Waits on `condition` (lock held) until signalled or, with `milliseconds`, until that time has
    /// passed. Returns false on timeout. Wake-ups may be spurious: callers re-check their state.
    @discardableResult
    func wait(_ condition: Condition, milliseconds: Int? = nil) -> Bool {
        let c = conditions + condition.rawValue
        guard let ms = milliseconds else {
            pthread_cond_wait(c, mutex)
            return true
        }
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        let nanos = Int(ts.tv_nsec) + (ms % 1000) * 1_000_000
        ts.tv_sec += ms / 1000 + nanos / 1_000_000_000
        ts.tv_nsec = nanos % 1_000_000_000
        return pthread_cond_timedwait(c, mutex, &ts) != ETIMEDOUT
    }
}
