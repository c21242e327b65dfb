import Foundation

/// One fired fault in the injector's log.
///
/// JSON (as served by `GET /_pail/faults/log`):
/// `{"seq": 1, "time": "2026-01-01T00:00:00.000Z", "requestID": "…", "ruleID": "r1",
///   "action": {"type": "error", …}, "operation": "PutObject", "bucket": "b", "key": "k"}`
public struct FaultLogEntry: Codable, Sendable, Equatable {
    /// 1 for the first fault fired since the injector was created; not reset by `clearLog()`.
    public var seq: Int
    /// The injector clock's time when the fault fired.
    public var time: Date
    public var requestID: String
    public var ruleID: String
    public var action: FaultAction
    public var operation: String
    public var bucket: String?
    public var key: String?

    public init(seq: Int, time: Date, requestID: String, ruleID: String, action: FaultAction,
                operation: String, bucket: String?, key: String?) {
        self.seq = seq
        self.time = time
        self.requestID = requestID
        self.ruleID = ruleID
        self.action = action
        self.operation = operation
        self.bucket = bucket
        self.key = key
    }

    /// Equal apart from `time`: what determinism promises.
    public func sameFault(as other: FaultLogEntry) -> Bool {
        var copy = other
        copy.time = time
        return self == copy
    }

    private enum CodingKeys: String, CodingKey {
        case seq, time, requestID, ruleID, action, operation, bucket, key
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        seq = try c.decode(Int.self, forKey: .seq)
        let text = try c.decode(String.self, forKey: .time)
        guard let t = ISO8601.parse(text) else {
            throw DecodingError.dataCorruptedError(forKey: .time, in: c, debugDescription: "not an RFC 3339 time: \(text)")
        }
        time = t
        requestID = try c.decode(String.self, forKey: .requestID)
        ruleID = try c.decode(String.self, forKey: .ruleID)
        action = try c.decode(FaultAction.self, forKey: .action)
        operation = try c.decode(String.self, forKey: .operation)
        bucket = try c.decodeIfPresent(String.self, forKey: .bucket)
        key = try c.decodeIfPresent(String.self, forKey: .key)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(seq, forKey: .seq)
        try c.encode(ISO8601.format(time), forKey: .time)
        try c.encode(requestID, forKey: .requestID)
        try c.encode(ruleID, forKey: .ruleID)
        try c.encode(action, forKey: .action)
        try c.encode(operation, forKey: .operation)
        try c.encodeIfPresent(bucket, forKey: .bucket)
        try c.encodeIfPresent(key, forKey: .key)
    }
}
