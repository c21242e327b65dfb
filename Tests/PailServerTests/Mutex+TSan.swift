#if PAIL_TSAN
import PailSync
/// ThreadSanitizer builds only: `Mutex` here is one TSan can see (see `TSanVisibleMutex`).
typealias Mutex<Value> = TSanVisibleMutex<Value>
#endif
