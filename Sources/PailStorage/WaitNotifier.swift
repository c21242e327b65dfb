/// Told around the store's waits on the disk (`fdatasync`) and on a group commit, so a server that
/// runs requests on a small pool of threads can run another request meanwhile (PailServer hands in
/// PailHTTP's `WorkerThread.enterBlocking`/`leaveBlocking`). Both are called on the waiting thread.
public struct WaitNotifier: Sendable {
    public var enter: @Sendable () -> Void
    public var leave: @Sendable () -> Void

    public init(enter: @escaping @Sendable () -> Void, leave: @escaping @Sendable () -> Void) {
        self.enter = enter
        self.leave = leave
    }

    /// Tells nobody.
    public static let none = WaitNotifier(enter: {}, leave: {})

    func around<T>(_ body: () throws -> T) rethrows -> T {
        enter()
        defer { leave() }
        return try body()
    }
}
