import Foundation

/// The fault engine: holds the rules, decides per request which fire, and logs each firing.
///
/// Thread-safe: every method takes one internal lock, so the pipeline may call `evaluate(_:)` from any
/// number of connection threads while the admin API adds and removes rules.
///
/// Determinism: each rule has its own SplitMix64 generator seeded from `seed` and the rule id (a stable
/// FNV-1a hash, not Swift's per-process `Hasher`), advanced exactly once per request the rule matches.
/// Counters for `first`/`every`/`after`/`once` are per rule and count matching requests. So the same seed,
/// the same rules (ids included) and the same request sequence give the same log apart from timestamps;
/// concurrent requests are deterministic only as far as their order of arrival at `evaluate` is.
public final class FaultInjector: @unchecked Sendable {
    /// The seed every rule generator is derived from.
    public let seed: UInt64
    /// The most log entries kept; older ones are dropped first.
    public let logLimit: Int

    private var clock: () -> Date
    private let lock = NSLock()
    private var states: [RuleState] = []
    private var nextAutoID = 1
    private var entries: [FaultLogEntry] = []
    private var nextSeq = 1

    /// - Parameters:
    ///   - seed: seeds every rule's generator (see the type's determinism note).
    ///   - clock: the time used for windows and log entries; inject a fixed clock in tests.
    ///   - logLimit: entries kept in `log` (at least 1); the oldest are dropped beyond it.
    public init(seed: UInt64 = 0, clock: @escaping () -> Date = Date.init, logLimit: Int = 10_000) {
        self.seed = seed
        self.clock = clock
        self.logLimit = max(1, logLimit)
    }

    /// Makes windows and log entries read `clock` from now on (a server binds its injector to its own,
    /// movable clock this way). Relative windows keep the time they have run: each rule's start moves by
    /// the difference between the two clocks.
    public func setClock(_ clock: @escaping () -> Date) {
        lock.lock(); defer { lock.unlock() }
        let shift = clock().timeIntervalSince(self.clock())
        self.clock = clock
        for i in states.indices { states[i].added.addTimeInterval(shift) }
    }

    /// True when there are no rules. The pipeline may skip building a `FaultRequest` then; `evaluate` also
    /// returns at once in that case.
    public var isEmpty: Bool {
        lock.lock(); defer { lock.unlock() }
        return states.isEmpty
    }

    /// The rules in evaluation order, with their ids.
    public var rules: [FaultRule] {
        lock.lock(); defer { lock.unlock() }
        return states.map(\.rule)
    }

    /// Adds `rule` at the end and returns it with its id.
    ///
    /// A rule without an id gets the next free `r1`, `r2`, … (the counter restarts at `clear()`). A rule
    /// whose id is already present replaces that rule in place, with fresh counters, generator and
    /// relative window.
    @discardableResult
    public func add(_ rule: FaultRule) -> FaultRule {
        lock.lock(); defer { lock.unlock() }
        var rule = rule
        if rule.id.isEmpty {
            repeat {
                rule.id = "r\(nextAutoID)"
                nextAutoID += 1
            } while states.contains(where: { $0.rule.id == rule.id })
        }
        let state = RuleState(rule: rule, added: clock(), seed: seed)
        if let i = states.firstIndex(where: { $0.rule.id == rule.id }) {
            states[i] = state
        } else {
            states.append(state)
        }
        return rule
    }

    /// Adds each rule in order (see `add(_:)`) and returns them with their ids.
    @discardableResult
    public func add(_ rules: [FaultRule]) -> [FaultRule] {
        rules.map { add($0) }
    }

    /// Removes the rule with `id`; false when there is none.
    @discardableResult
    public func remove(id: String) -> Bool {
        lock.lock(); defer { lock.unlock() }
        guard let i = states.firstIndex(where: { $0.rule.id == id }) else { return false }
        states.remove(at: i)
        return true
    }

    /// Removes every rule and restarts automatic ids at `r1`. The log is kept.
    public func clear() {
        lock.lock(); defer { lock.unlock() }
        states.removeAll()
        nextAutoID = 1
    }

    /// Every rule that matches `request` and whose `when` fires, in rule order; each firing is logged.
    /// Returns `[]` (cheaply) when there are no rules. The pipeline decides how actions combine (e.g. an
    /// error wins over latency, which still applies first).
    public func evaluate(_ request: FaultRequest) -> [FiredFault] {
        lock.lock(); defer { lock.unlock() }
        if states.isEmpty { return [] }
        let now = clock()
        var fired: [FiredFault] = []
        for i in states.indices where states[i].evaluate(request, now: now) {
            let rule = states[i].rule
            fired.append(FiredFault(ruleID: rule.id, action: rule.action))
            append(ruleID: rule.id, action: rule.action, request: request, now: now)
        }
        return fired
    }

    /// Logs faults a request asked for itself (`x-pail-fault`), under rule id `header`, and returns them
    /// as fired faults. Does not consult or advance any rule.
    @discardableResult
    public func recordRequested(_ actions: [FaultAction], for request: FaultRequest) -> [FiredFault] {
        guard !actions.isEmpty else { return [] }
        lock.lock(); defer { lock.unlock() }
        let now = clock()
        return actions.map { action in
            append(ruleID: "header", action: action, request: request, now: now)
            return FiredFault(ruleID: "header", action: action)
        }
    }

    /// Fired faults, oldest first (at most `logLimit`).
    public var log: [FaultLogEntry] {
        lock.lock(); defer { lock.unlock() }
        return entries
    }

    /// Empties the log; sequence numbers continue.
    public func clearLog() {
        lock.lock(); defer { lock.unlock() }
        entries.removeAll()
    }

    /// Caller holds the lock.
    private func append(ruleID: String, action: FaultAction, request: FaultRequest, now: Date) {
        entries.append(FaultLogEntry(seq: nextSeq, time: now, requestID: request.requestID, ruleID: ruleID,
                                     action: action, operation: request.operation, bucket: request.bucket,
                                     key: request.key))
        nextSeq += 1
        if entries.count > logLimit { entries.removeFirst(entries.count - logLimit) }
    }
}
