import Foundation

/// Unlinks files the index stopped referencing, on a thread of its own: the committer queues them
/// after COMMIT and then answers the submitters without waiting for the unlinks.
///
/// Why not unlink before answering: on ext4 mounted with `discard` and no journal (the development
/// machines) every unlink waits for a synchronous discard of the freed blocks, 0.1-2 ms per file
/// whatever the CPU does (`perf record -e sched:sched_switch`: `ext4_free_blocks` →
/// `blkdev_issue_discard` → `submit_bio_wait`). A DeleteObjects of 1 000 keys spent 0.1-2 s in
/// those waits; the index commit, which is what makes the delete durable, took a few milliseconds.
///
/// Safety: the files are unreferenced once the commit is durable, so nothing reads them by key any
/// more; readers that opened them before keep their descriptors. A crash before the reaper got to a
/// file leaves an orphan, which `OrphanSweeper` removes at the next start (the same outcome as a
/// crash between commit and unlink had before); until then `pail fsck` reports it as an orphan, or
/// as pending while it is young. `drain()` waits for the backlog, for tests and `fsck`.
// Unchecked: `queue`, `inProgress` and `stopping` are guarded by `condition`, which the reaper and a
// committer over the backlog limit wait on; Synchronization's Mutex has no condition wait.
final class FileReaper: @unchecked Sendable {
    private let layout: StoreLayout
    private let condition = NSCondition()
    private var queue: [String] = []
    /// Files taken from `queue` and not yet unlinked.
    private var inProgress = 0
    private var stopping = false

    /// Above this many queued files `remove` blocks the committer until the reaper catches up, so a
    /// delete storm cannot grow the backlog (memory, disk space not yet freed) without bound.
    static let backlogLimit = 20_000

    init(layout: StoreLayout) { self.layout = layout }

    func start() {
        let thread = Thread { [self] in run() }
        thread.name = "pail-reaper"
        thread.start()
    }

    /// Queues `paths` (relative to the root) for unlinking.
    func remove(_ paths: [String]) {
        guard !paths.isEmpty else { return }
        condition.lock()
        while queue.count >= Self.backlogLimit && !stopping { condition.wait() }
        queue += paths
        condition.unlock()
        condition.broadcast()   // after unlocking, so the reaper does not wake into a held lock
    }

    /// Returns once every file queued before the call has been unlinked.
    func drain() {
        condition.lock()
        while !queue.isEmpty || inProgress > 0 { condition.wait() }
        condition.unlock()
    }

    /// Lets the thread unlink what is queued, then exit.
    func stop() {
        condition.lock()
        stopping = true
        condition.broadcast()
        condition.unlock()
    }

    private func run() {
        while true {
            condition.lock()
            while queue.isEmpty && !stopping { condition.wait() }
            if queue.isEmpty {
                condition.unlock()
                return
            }
            let batch = queue
            queue.removeAll(keepingCapacity: true)
            inProgress = batch.count
            condition.broadcast()   // a blocked `remove` may go on
            condition.unlock()

            for path in batch { layout.remove(path) }

            condition.lock()
            inProgress = 0
            condition.broadcast()
            condition.unlock()
        }
    }
}
