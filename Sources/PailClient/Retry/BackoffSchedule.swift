/// How long to wait before retry number `n` (1 for the first retry).
public enum BackoffSchedule: Sendable, Equatable {
    /// botocore "standard" mode: `random(0,1) * min(base * 2^(n-1), cap)` (full jitter; base 1 s, cap
    /// 20 s in botocore; protocol.md §6).
    case standard(base: Double = 1.0, cap: Double = 20)
    /// Dovecot obox: 50 ms, then ×10 each time, capped at 10 s: 0.05, 0.5, 5, 10, 10 … (no jitter;
    /// protocol.md §6, doc.dovecot.org obox http_storages).
    case dovecot
    /// The same delay every time.
    case constant(Double)

    /// The delay in seconds before retry `retry` (≥ 1); `random` is a value in 0..<1 for jitter.
    public func delay(retry: Int, random: Double) -> Double {
        let n = max(retry, 1)
        switch self {
        case .standard(let base, let cap):
            let exp = min(base * pow2(n - 1), cap)
            return random * exp
        case .dovecot:
            var d = 0.05
            for _ in 1..<n {
                d *= 10
                if d >= 10 { return 10 }
            }
            return min(d, 10)
        case .constant(let d):
            return d
        }
    }

    private func pow2(_ k: Int) -> Double {
        k >= 60 ? Double.greatestFiniteMagnitude : Double(1 << k)
    }
}
