import Foundation
import PailHTTP
import PailStorage

/// Passes a response body through the body-shaping faults: a pause before the first byte, a
/// bandwidth cap, corrupted bytes (headers untouched, so checksums no longer match), a cut after N
/// bytes with the full Content-Length declared (truncation), or a TCP reset after N bytes.
final class FaultBodyWriter: HTTPBodyWriter {
    private let inner: HTTPBodyWriter
    private let effects: FaultEffects
    private var sent = 0
    private var started = false
    private let startTime = Date()

    init(_ inner: HTTPBodyWriter, effects: FaultEffects) {
        self.inner = inner
        self.effects = effects
    }

    func write(_ bytes: UnsafeRawBufferPointer) throws {
        if !started {
            started = true
            if effects.delayBeforeBody > 0 {
                try inner.flush()
                WorkerThread.blocking { _ = usleep(UInt32(effects.delayBeforeBody) * 1000) }
            }
        }
        var copy = [UInt8](bytes)
        for c in effects.corruptions {
            for i in c.offset..<(c.offset + c.count) where i >= sent && i < sent + copy.count {
                copy[i - sent] ^= 0xFF
            }
        }
        var limit = copy.count
        if let cut = effects.truncateAfterBytes { limit = min(limit, max(0, cut - sent)) }
        if let cut = effects.resetAfterBytes { limit = min(limit, max(0, cut - sent)) }
        var offset = 0
        let slice = effects.bytesPerSecond.map { max(1, min($0 / 10, 64 * 1024)) } ?? limit
        while offset < limit {
            let n = min(slice, limit - offset)
            try copy[offset..<(offset + n)].withUnsafeBytes { try inner.write($0) }
            offset += n
            sent += n
            pace()
        }
        if limit < copy.count {
            if effects.resetAfterBytes != nil && sent >= effects.resetAfterBytes! {
                try inner.flush()
                inner.abortConnection()
            }
            throw FaultCut()
        }
    }

    func sendFile(fd: Int32, offset: Int64, count: Int64) throws {
        // Shaping needs the bytes in hand: read them rather than sendfile.
        try ObjectContent.copy([ObjectContent.Segment(fd: fd, offset: offset, length: count)]) { try write($0) }
    }

    func flush() throws { try inner.flush() }

    func abortConnection() { inner.abortConnection() }

    /// Sleeps until the bytes sent so far fit the bandwidth cap.
    private func pace() {
        guard let bps = effects.bytesPerSecond, bps > 0 else { return }
        let due = Double(sent) / Double(bps)
        let elapsed = Date().timeIntervalSince(startTime)
        if due > elapsed { WorkerThread.blocking { _ = usleep(UInt32((due - elapsed) * 1_000_000)) } }
    }
}

/// Ends a shaped body early; the connection closes, so the client sees a short body.
struct FaultCut: Error {}
