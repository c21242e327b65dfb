/// What `StoreChecker.run()` found and, with `repair`, what it did.
public struct StoreCheckReport: Sendable {
    /// Everything found, problems and pending files, in the order found.
    public var findings: [StoreFinding] = []
    /// One line per change `repair` made, in order ("removed orphan objects/3f/3fa9…", …).
    public var actions: [String] = []
    /// After a repair: the problems a fresh check still finds (empty when the repair worked).
    public var remaining: [StoreFinding] = []
    /// Whether repair was asked for.
    public var repairRan = false
    /// Whether the checker changed anything (only ever with `repair`).
    public var changed = false
    /// What was looked at.
    public var counts = Counts()

    public struct Counts: Sendable, Equatable {
        /// Rows of `objects` (current versions and delete markers).
        public var currentRows = 0
        /// Rows of `versions` (noncurrent versions and delete markers).
        public var noncurrentRows = 0
        public var parts = 0
        /// Regular files under `objects/` and `uploads/`.
        public var files = 0
        /// `--deep`: versions and parts whose bytes were read and verified, and how many bytes.
        public var verified = 0
        public var verifiedBytes: Int64 = 0
        public init() {}
    }

    public init() {}

    /// The findings that are problems (all but pending files).
    public var problems: [StoreFinding] { findings.filter(\.isProblem) }

    /// Files that are unreferenced but young: left for the server's next start.
    public var pending: [StoreFinding] { findings.filter { !$0.isProblem } }

    /// The outcome, which `pail fsck` returns as its exit status.
    public var status: StoreCheckStatus {
        if problems.isEmpty { return .clean }
        if !repairRan { return .problemsFound }
        return remaining.isEmpty ? .repaired : .unrepaired
    }
}
