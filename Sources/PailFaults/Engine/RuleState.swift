import Foundation

/// A rule inside the injector with its own counter and generator.
struct RuleState {
    var rule: FaultRule
    /// When the rule was added, for relative windows (moved when the injector changes clocks).
    var added: Date
    var rng: SplitMix64
    /// Matching requests seen so far.
    var matched = 0

    init(rule: FaultRule, added: Date, seed: UInt64) {
        self.rule = rule
        self.added = added
        self.rng = SplitMix64(seed: StableHash.ruleSeed(seed: seed, ruleID: rule.id))
    }

    /// Counts `request` if it matches and advances the generator once; true when the rule fires.
    mutating func evaluate(_ request: FaultRequest, now: Date) -> Bool {
        guard rule.match.matches(request) else { return false }
        matched += 1
        // One draw per matching request whatever the kind, so the sequence depends only on matches.
        let draw = rng.nextUnit()
        return rule.when.fires(n: matched, draw: draw, now: now, added: added)
    }
}
