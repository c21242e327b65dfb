import Foundation

/// An object version's Object Lock state (S3 User Guide, "Locking objects with Object Lock"): a
/// retention mode and date, and a legal hold, each independent of the other.
public struct ObjectLockState: Sendable, Equatable, Codable {
    /// Retention modes as S3 spells them.
    public enum Mode: String, Sendable, Equatable, Codable {
        case governance = "GOVERNANCE"
        case compliance = "COMPLIANCE"
    }

    public var mode: Mode?
    /// The version is protected until this instant (when `mode` is set).
    public var retainUntil: Date?
    public var legalHold: Bool

    public init(mode: Mode? = nil, retainUntil: Date? = nil, legalHold: Bool = false) {
        self.mode = mode; self.retainUntil = retainUntil; self.legalHold = legalHold
    }

    /// Whether retention protects the version at `now`.
    public func isRetained(at now: Date) -> Bool {
        guard mode != nil, let retainUntil else { return false }
        return retainUntil > now
    }

    /// Whether the version may be deleted (or its retention shortened) at `now`: never under a legal
    /// hold or COMPLIANCE retention; under GOVERNANCE retention only with `bypassGovernance`.
    public func permitsDeletion(at now: Date, bypassGovernance: Bool) -> Bool {
        if legalHold { return false }
        guard isRetained(at: now) else { return true }
        return mode == .governance && bypassGovernance
    }
}
