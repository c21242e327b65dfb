/// The outcome of a `StoreChecker` run, and the exit status `pail fsck` returns for it.
public enum StoreCheckStatus: Int32, Sendable {
    /// No problem found (pending files may be listed: they are not problems). Nothing was changed.
    case clean = 0
    /// Problems found and left as they are (no `--repair`).
    case problemsFound = 1
    /// Problems found and repaired: a second check finds none.
    case repaired = 2
    /// `--repair` ran but problems remain (for example an index that `VACUUM INTO` could not copy).
    case unrepaired = 3
    /// The check could not run: the directory is in use, is not a Pail data directory, or could
    /// not be read. (`pail fsck` exits 4 for these.)
    case failed = 4
}
