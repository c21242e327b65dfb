import CSQLite
import Foundation
import Testing
@testable import PailStorage
#if canImport(Glibc)
import Glibc
#endif

/// Exhausted resources keep their own storage errors, so that the S3 layer can answer them with a
/// retryable 503 instead of a 500.
@Suite struct StorageErrorMappingTests {
    @Test func posixErrors_fullDiskAndDescriptors_keepTheirCases_restAreIO() {
        #expect(StorageError.posix(ENOSPC, "write f") == .outOfSpace("write f: No space left on device"))
        #expect(StorageError.posix(EDQUOT, "write f").isResourceExhaustion)
        #expect(StorageError.posix(EMFILE, "open f") == .outOfDescriptors("open f: Too many open files"))
        #expect(StorageError.posix(ENFILE, "open f").isResourceExhaustion)
        #expect(StorageError.posix(EIO, "read f") == .io("read f: Input/output error"))
        #expect(!StorageError.posix(EIO, "read f").isResourceExhaustion)
    }

    @Test func sqliteErrors_fullAndCantOpenForLackOfDescriptors_mapToExhaustion() {
        let full = GroupCommitter.storageError(SQLiteError(code: SQLITE_FULL, message: "database or disk is full", sql: "COMMIT"))
        #expect((full as? StorageError)?.isResourceExhaustion == true)
        guard case StorageError.outOfSpace(let message)? = full as? StorageError else { Issue.record("\(full)"); return }
        #expect(message.contains("COMMIT"))
        let ioFull = GroupCommitter.storageError(SQLiteError(code: SQLITE_IOERR | (4 << 8), message: "disk I/O error", sql: nil, systemErrno: ENOSPC))
        #expect(ioFull as? StorageError == .outOfSpace("SQLite error \(SQLITE_IOERR | (4 << 8)): disk I/O error"))
        let cantOpen = GroupCommitter.storageError(SQLiteError(code: SQLITE_CANTOPEN, message: "unable to open database file", sql: nil, systemErrno: EMFILE))
        guard case StorageError.outOfDescriptors? = cantOpen as? StorageError else { Issue.record("\(cantOpen)"); return }
        let other = GroupCommitter.storageError(SQLiteError(code: SQLITE_CORRUPT, message: "malformed", sql: nil))
        guard case StorageError.database? = other as? StorageError else { Issue.record("\(other)"); return }
    }
}
