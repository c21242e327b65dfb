import PailFaults

/// `{"rules": [...]}`: the answer to `POST /_pail/faults`.
struct AdminRuleList: Codable {
    var rules: [FaultRule]
}
