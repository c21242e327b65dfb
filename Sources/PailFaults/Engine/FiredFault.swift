/// One rule that fired for a request: what the pipeline must apply.
public struct FiredFault: Sendable, Equatable {
    /// The id of the rule that fired (`header` for a fault asked for by `x-pail-fault`).
    public var ruleID: String
    public var action: FaultAction

    public init(ruleID: String, action: FaultAction) {
        self.ruleID = ruleID
        self.action = action
    }

    /// `ruleID:compact-action`, for the access log (`r1:error=503:SlowDown`).
    public var logDescription: String { "\(ruleID):\(action.headerForm)" }
}
