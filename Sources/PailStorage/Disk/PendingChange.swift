import Foundation

/// One index change waiting for the committer, and the thread waiting for its result.
// Unchecked: `result` is written by the committer before `wake()` and read by the submitter after
// `wait()` returns; the semaphore orders the two, and neither side touches it otherwise.
final class PendingChange: @unchecked Sendable {
    /// Directories (relative to the root) whose new entries must be durable before this change.
    let directories: [String]
    let body: (CommitContext) throws -> Any
    private let done = DispatchSemaphore(value: 0)
    private(set) var result: Result<Any, Error> = .failure(StorageError.database("not run"))

    init(directories: [String], body: @escaping (CommitContext) throws -> Any) {
        self.directories = directories
        self.body = body
    }

    func finish(_ result: Result<Any, Error>) { self.result = result }
    func wake() { done.signal() }
    func wait() { done.wait() }
}
