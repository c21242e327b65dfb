import CLinux
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One new file being written: an object version or a part. Registered with `ActiveFiles` from
/// creation until it is committed or discarded, so the orphan sweep never takes it for litter.
///
/// In a durable store the sink starts the disk's writeback every `writebackStep` bytes (Linux), so
/// a large body reaches the disk while it is still arriving and `sync()` waits for little more than
/// the last step, instead of for the whole file after the last byte came in.
final class FileSink {
    /// Bytes between writeback starts. Large enough that each start is one big sequential request,
    /// small enough that the final `sync()` has little left to write.
    static let writebackStep: Int64 = 8 << 20

    let relativePath: String
    private let layout: StoreLayout
    private let active: ActiveFiles
    private var fd: Int32
    private(set) var bytesWritten: Int64 = 0
    /// The first byte not yet handed to writeback.
    private var writebackFrom: Int64 = 0
    private let writebackStep: Int64
    private let lock = NSLock()

    /// `writebackStep` is for tests; the default is `FileSink.writebackStep`.
    init(layout: StoreLayout, area: String, active: ActiveFiles, writebackStep: Int64 = FileSink.writebackStep) throws {
        self.layout = layout
        self.active = active
        self.writebackStep = writebackStep
        let path = StoreLayout.newFilePath(area: area)
        active.insert(path)   // before the file exists, so no sweep can see it unregistered
        do {
            fd = try layout.createFile(relativePath: path)
        } catch {
            active.remove(path)
            throw error
        }
        relativePath = path
    }

    deinit { discard() }

    /// Appends all of `bytes`, looping on short writes and EINTR.
    func write(_ bytes: UnsafeRawBufferPointer) throws {
        lock.lock(); defer { lock.unlock() }
        guard fd >= 0 else { throw StorageError.io("write after commit or abort") }
        guard var pointer = bytes.baseAddress else { return }
        var remaining = bytes.count
        while remaining > 0 {
            let n = Glibc.write(fd, pointer, remaining)
            if n < 0 {
                if errno == EINTR { continue }
                throw StorageError.posix(errno, "write \(relativePath)")
            }
            pointer += n
            remaining -= n
            bytesWritten += Int64(n)
        }
        if layout.durable, bytesWritten - writebackFrom >= writebackStep { startWriteback() }
    }

    /// Asks the kernel to start writing the pages written since the last call, without waiting.
    /// Only a hint: a failure here is not an error, because `sync()` still writes and checks everything.
    private func startWriteback() {
        #if os(Linux)
        _ = pail_start_writeback(fd, Int(writebackFrom), Int(bytesWritten - writebackFrom))
        #endif
        writebackFrom = bytesWritten
    }

    /// Makes the file's bytes durable (when the store is durable). The directory entry is synced
    /// by the committer, once per directory per batch.
    func sync() throws {
        lock.lock(); defer { lock.unlock() }
        guard fd >= 0 else { throw StorageError.io("sync after commit or abort") }
        guard layout.durable else { return }
        while layout.waits.around({ fdatasync(fd) }) != 0 {
            if errno == EINTR { continue }
            throw StorageError.posix(errno, "fdatasync \(relativePath)")
        }
    }

    /// Called once the index refers to the file: it now belongs to the index.
    func committed() {
        lock.lock(); defer { lock.unlock() }
        if fd >= 0 { close(fd); fd = -1 }
        active.remove(relativePath)
        isCommitted = true
    }

    private var isCommitted = false

    /// Deletes the file unless it was committed. Safe to call repeatedly.
    func discard() {
        lock.lock(); defer { lock.unlock() }
        guard !isCommitted else { return }
        if fd >= 0 {
            close(fd); fd = -1
            layout.remove(relativePath)
            active.remove(relativePath)
        }
    }
}
