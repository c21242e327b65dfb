/// Where an added delay goes.
public enum LatencyPhase: String, Codable, Sendable, Equatable, CaseIterable {
    /// Before the status line: the client waits for any response at all (time to first byte).
    case beforeResponse
    /// After the status line and headers, before the first body byte: the client has a response but its
    /// body read waits (catches clients that time out only on connect/headers).
    case beforeBody
}
