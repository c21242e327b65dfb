#include <sqlite3.h>

// SQLITE_TRANSIENT is a cast macro Swift cannot import: copy bound buffers.
static inline sqlite3_destructor_type pail_sqlite_transient(void) { return SQLITE_TRANSIENT; }

// sqlite3_config is variadic. Memory statistics take a process-wide mutex on every allocation,
// which every reader thread contends on; Pail never reads them. Must run before sqlite3_initialize.
static inline int pail_sqlite_disable_memstatus(void) { return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); }

// Not SQLite: the storage layer's one Linux-only file call, here because this is the C module it
// already imports. Swift's Glibc module does not export the GNU extension sync_file_range.
#if defined(__linux__)
#include <sys/types.h>
extern int sync_file_range(int fd, __off64_t offset, __off64_t nbytes, unsigned int flags);
// Starts writeback of the dirty pages in [offset, offset+length) without waiting for it
// (SYNC_FILE_RANGE_WRITE). Returns 0, or -1 with errno set.
static inline int pail_start_writeback(int fd, long offset, long length) {
    return sync_file_range(fd, offset, length, 2 /* SYNC_FILE_RANGE_WRITE */);
}
#endif
