/// How `--access-log` writes each request's line.
public enum AccessLogFormat: String, CaseIterable, Sendable {
    /// The human-readable line (`time peer METHOD target status Nms id=… fault=… authz="…"`).
    case text
    /// One JSON object per line, for log shippers (docs/observability.md lists the fields).
    case json
}
