import PailFaults

/// `{"entries": [...]}`: the answer to `GET /_pail/faults/log`.
struct AdminLogList: Codable {
    var entries: [FaultLogEntry]
}
