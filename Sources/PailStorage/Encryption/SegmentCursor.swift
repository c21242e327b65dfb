import Foundation

/// Reads bytes at any offset of the concatenation of an object's segments (files or inline bytes),
/// remembering the segment of the last read so that sequential reads find theirs at once.
struct SegmentCursor {
    private let segments: [ObjectContent.Segment]
    /// Where each segment starts in the concatenation, plus the total at the end.
    private let starts: [Int64]
    private var current = 0

    init(_ segments: [ObjectContent.Segment]) {
        self.segments = segments
        var starts: [Int64] = [0]
        for s in segments { starts.append(starts.last! + s.length) }
        self.starts = starts
    }

    /// The total length of the segments.
    var length: Int64 { starts.last! }

    /// Fills `buffer` with the bytes at `offset`. Throws `StorageError.io` when a read fails or the
    /// bytes end early.
    mutating func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int64) throws {
        var done = 0
        while done < buffer.count {
            let position = offset + Int64(done)
            guard position < length else { throw StorageError.io("read: stored bytes end before the record says") }
            if position < starts[current] || position >= starts[current + 1] {
                current = (starts.lastIndex { $0 <= position } ?? 0)
                if current >= segments.count { current = segments.count - 1 }
            }
            let n = segments[current].read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[done...]),
                                            at: position - starts[current])
            if n < 0 {
                if errno == EINTR { continue }
                throw StorageError.io("read: \(String(cString: strerror(errno)))")
            }
            if n == 0 { throw StorageError.io("read: file shorter than its record") }
            done += n
        }
    }
}
