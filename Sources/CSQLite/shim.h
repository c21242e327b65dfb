#include <sqlite3.h>

// SQLITE_TRANSIENT is a cast macro Swift cannot import: copy bound buffers.
static inline sqlite3_destructor_type pail_sqlite_transient(void) { return SQLITE_TRANSIENT; }

// sqlite3_config is variadic. Memory statistics take a process-wide mutex on every allocation,
// which every reader thread contends on; Pail never reads them. Must run before sqlite3_initialize.
static inline int pail_sqlite_disable_memstatus(void) { return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); }

// sqlite3_db_config is variadic. With this set, closing the connection neither checkpoints nor
// removes the write-ahead log: a read-only look (fsck without --repair) leaves the files as found.
static inline int pail_sqlite_no_checkpoint_on_close(sqlite3 *db) {
    return sqlite3_db_config(db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, (int *)0);
}
