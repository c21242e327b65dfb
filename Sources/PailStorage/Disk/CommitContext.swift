import Foundation

/// What a change sees while the committer runs it inside the batch transaction: the write
/// connection, and a list of files to unlink once (and only if) the transaction commits.
final class CommitContext {
    let db: Database
    let now: Date
    private(set) var unlinkAfterCommit: [String] = []
    private let sequence: VersionSequence

    init(db: Database, now: Date, sequence: VersionSequence) {
        self.db = db
        self.now = now
        self.sequence = sequence
    }

    /// The next version order number: higher than every one issued before, across restarts.
    func nextSequence() -> Int64 { sequence.next() }

    /// Schedules a file that this change stops referencing for removal after COMMIT (by the
    /// `FileReaper`, soon after the submitter is answered); before COMMIT a crash would leave the
    /// index pointing at a missing file.
    func unlinkAfterCommit(_ relativePath: String) { unlinkAfterCommit.append(relativePath) }
}
