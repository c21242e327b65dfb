#include <sqlite3.h>

// SQLITE_TRANSIENT is a cast macro Swift cannot import: copy bound buffers.
static inline sqlite3_destructor_type pail_sqlite_transient(void) { return SQLITE_TRANSIENT; }
