/// A fault rule, action or plan that cannot be understood, with a message meant for the user.
///
/// Thrown by `FaultAction.fromHeader(_:)` and `FaultPlan.load(from:)`; JSON decoding reports the same
/// problems as `DecodingError.dataCorrupted` whose debug description carries the message.
public struct FaultSpecError: Error, CustomStringConvertible, Equatable {
    /// What is wrong and, where it helps, what would be accepted.
    public var message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
