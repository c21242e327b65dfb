import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Reads an object's bytes from its files for `--deep`: each segment's first `length` bytes, in
/// order, in 1 MiB reads into one reused buffer.
enum SegmentBytes {
    static let chunk = 1 << 20

    /// Feeds every byte to `body`; returns how many were read. Throws when a file cannot be opened
    /// or ends before its recorded length (the caller has checked both already, so either means
    /// the directory changed under the check).
    static func read(_ segments: SegmentList, root: String, into body: (UnsafeRawBufferPointer) -> Void) throws -> Int64 {
        var buffer = [UInt8](repeating: 0, count: chunk)
        var total: Int64 = 0
        for entry in segments.entries {
            let fd = open(root + "/" + entry.file, O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else { throw StorageError.posix(errno, "open \(entry.file)") }
            defer { close(fd) }
            var offset: Int64 = 0
            while offset < entry.length {
                let want = Int(min(Int64(chunk), entry.length - offset))
                let n = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, want, off_t(offset)) }
                if n < 0 {
                    if errno == EINTR { continue }
                    throw StorageError.posix(errno, "read \(entry.file)")
                }
                if n == 0 { throw StorageError.io("read \(entry.file): ends at \(offset) of \(entry.length) bytes") }
                buffer.withUnsafeBytes { body(UnsafeRawBufferPointer(rebasing: $0[..<n])) }
                offset += Int64(n)
            }
            total += offset
        }
        return total
    }
}
