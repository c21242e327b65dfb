import Foundation
import Synchronization

/// The fault engine: holds the rules, decides per request which fire, and logs each firing.
///
/// Thread-safe: every method takes one internal `Mutex`, so the pipeline may call `evaluate(_:)` from any
/// number of connection threads while the admin API adds and removes rules.
///
/// Determinism: each rule has its own SplitMix64 generator seeded from `seed` and the rule id (a stable
/// FNV-1a hash, not Swift's per-process `Hasher`), advanced exactly once per request the rule matches.
/// Counters for `first`/`every`/`after`/`once` are per rule and count matching requests. So the same seed,
/// the same rules (ids included) and the same request sequence give the same log apart from timestamps;
/// concurrent requests are deterministic only as far as their order of arrival at `evaluate` is.
public final class FaultInjector: Sendable {
    /// The seed every rule generator is derived from.
    public let seed: UInt64
    /// The most log entries kept; older ones are dropped first.
    public let logLimit: Int

    fileprivate struct State {
        var clock: @Sendable () -> Date
        var states: [RuleState] = []
        var nextAutoID = 1
        var entries: [FaultLogEntry] = []
        var nextSeq = 1
    }

    private let state: Mutex<State>

    /// - Parameters:
    ///   - seed: seeds every rule's generator (see the type's determinism note).
    ///   - clock: the time used for windows and log entries; inject a fixed clock in tests.
    ///   - logLimit: entries kept in `log` (at least 1); the oldest are dropped beyond it.
    public init(seed: UInt64 = 0, clock: @escaping @Sendable () -> Date = { Date() }, logLimit: Int = 10_000) {
        self.seed = seed
        self.state = Mutex(State(clock: clock))
        self.logLimit = max(1, logLimit)
    }

    /// Makes windows and log entries read `clock` from now on (a server binds its injector to its own,
    /// movable clock this way). Relative windows keep the time they have run: each rule's start moves by
    /// the difference between the two clocks.
    public func setClock(_ clock: @escaping @Sendable () -> Date) {
        state.withLock { state in
            let shift = clock().timeIntervalSince(state.clock())
            state.clock = clock
            for i in state.states.indices { state.states[i].added.addTimeInterval(shift) }
        }
    }

    /// True when there are no rules. The pipeline may skip building a `FaultRequest` then; `evaluate` also
    /// returns at once in that case.
    public var isEmpty: Bool {
        state.withLock { $0.states.isEmpty }
    }

    /// The rules in evaluation order, with their ids.
    public var rules: [FaultRule] {
        state.withLock { $0.states.map(\.rule) }
    }

    /// Adds `rule` at the end and returns it with its id.
    ///
    /// A rule without an id gets the next free `r1`, `r2`, … (the counter restarts at `clear()`). A rule
    /// whose id is already present replaces that rule in place, with fresh counters, generator and
    /// relative window.
    @discardableResult
    public func add(_ rule: FaultRule) -> FaultRule {
        state.withLock { state in
            var rule = rule
            if rule.id.isEmpty {
                repeat {
                    rule.id = "r\(state.nextAutoID)"
                    state.nextAutoID += 1
                } while state.states.contains(where: { $0.rule.id == rule.id })
            }
            let ruleState = RuleState(rule: rule, added: state.clock(), seed: seed)
            if let i = state.states.firstIndex(where: { $0.rule.id == rule.id }) {
                state.states[i] = ruleState
            } else {
                state.states.append(ruleState)
            }
            return rule
        }
    }

    /// Adds each rule in order (see `add(_:)`) and returns them with their ids.
    @discardableResult
    public func add(_ rules: [FaultRule]) -> [FaultRule] {
        rules.map { add($0) }
    }

    /// Removes the rule with `id`; false when there is none.
    @discardableResult
    public func remove(id: String) -> Bool {
        state.withLock { state in
            guard let i = state.states.firstIndex(where: { $0.rule.id == id }) else { return false }
            state.states.remove(at: i)
            return true
        }
    }

    /// Removes every rule and restarts automatic ids at `r1`. The log is kept.
    public func clear() {
        state.withLock { state in
            state.states.removeAll()
            state.nextAutoID = 1
        }
    }

    /// Every rule that matches `request` and whose `when` fires, in rule order; each firing is logged.
    /// Returns `[]` (cheaply) when there are no rules. The pipeline decides how actions combine (e.g. an
    /// error wins over latency, which still applies first).
    public func evaluate(_ request: FaultRequest) -> [FiredFault] {
        state.withLock { state in
            if state.states.isEmpty { return [] }
            let now = state.clock()
            var fired: [FiredFault] = []
            for i in state.states.indices where state.states[i].evaluate(request, now: now) {
                let rule = state.states[i].rule
                fired.append(FiredFault(ruleID: rule.id, action: rule.action))
                state.append(ruleID: rule.id, action: rule.action, request: request, now: now, limit: logLimit)
            }
            return fired
        }
    }

    /// Logs faults a request asked for itself (`x-pail-fault`), under rule id `header`, and returns them
    /// as fired faults. Does not consult or advance any rule.
    @discardableResult
    public func recordRequested(_ actions: [FaultAction], for request: FaultRequest) -> [FiredFault] {
        guard !actions.isEmpty else { return [] }
        return state.withLock { state in
            let now = state.clock()
            return actions.map { action in
                state.append(ruleID: "header", action: action, request: request, now: now, limit: logLimit)
                return FiredFault(ruleID: "header", action: action)
            }
        }
    }

    /// Fired faults, oldest first (at most `logLimit`).
    public var log: [FaultLogEntry] {
        state.withLock { $0.entries }
    }

    /// Empties the log; sequence numbers continue.
    public func clearLog() {
        state.withLock { $0.entries.removeAll() }
    }
}

extension FaultInjector.State {
    /// Only reachable through the Mutex, so the caller holds it.
    mutating func append(ruleID: String, action: FaultAction, request: FaultRequest, now: Date, limit: Int) {
        entries.append(FaultLogEntry(seq: nextSeq, time: now, requestID: request.requestID, ruleID: ruleID,
                                     action: action, operation: request.operation, bucket: request.bucket,
                                     key: request.key))
        nextSeq += 1
        if entries.count > limit { entries.removeFirst(entries.count - limit) }
    }
}
