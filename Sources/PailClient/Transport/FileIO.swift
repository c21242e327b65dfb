import Foundation
import PailS3
#if canImport(Glibc)
import Glibc
#endif

/// Blocking file helpers for transfers (run them on the executor).
enum FileIO {
    static func size(_ path: String) throws -> Int64 {
        var st = stat()
        guard stat(path, &st) == 0 else {
            throw S3ClientError(code: "LocalFileError", message: "\(path): \(String(cString: strerror(errno)))")
        }
        return Int64(st.st_size)
    }

    static func sha256(path: String, offset: Int64, count: Int64) throws -> String {
        let d = Digest(.sha256)
        try read(path: path, offset: offset, count: count) { d.update($0) }
        return d.finalize().hex
    }

    static func read(path: String, offset: Int64, count: Int64, _ body: (UnsafeRawBufferPointer) -> Void) throws {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw S3ClientError(code: "LocalFileError", message: "\(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        let size = 256 * 1024
        let buf = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 16)
        defer { buf.deallocate() }
        var off = offset, left = count
        while left > 0 {
            let n = pread(fd, buf, Int(min(Int64(size), left)), off_t(off))
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { throw S3ClientError(code: "LocalFileError", message: "\(path): short read") }
            body(UnsafeRawBufferPointer(start: buf, count: n))
            off += Int64(n); left -= Int64(n)
        }
    }

    /// Opens (creating/truncating) `path` for writing and sets its size.
    static func create(_ path: String, size: Int64) throws -> Int32 {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw S3ClientError(code: "LocalFileError", message: "\(path): \(String(cString: strerror(errno)))") }
        if size > 0 { _ = ftruncate(fd, off_t(size)) }
        return fd
    }

    static func pwriteAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer, at offset: Int64) throws {
        var done = 0
        while done < bytes.count {
            let n = pwrite(fd, bytes.baseAddress! + done, bytes.count - done, off_t(offset + Int64(done)))
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { throw S3ClientError(code: "LocalFileError", message: "write: \(String(cString: strerror(errno)))") }
            done += n
        }
    }
}
