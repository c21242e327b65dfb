import COpenSSL

/// A TLS failure, with OpenSSL's error queue rendered into the message.
public struct TLSError: Error, CustomStringConvertible, Equatable {
    /// What was being done and what OpenSSL reported.
    public let message: String

    /// An error with `message`.
    public init(_ message: String) { self.message = message }

    public var description: String { "TLS: \(message)" }

    /// Drains OpenSSL's per-thread error queue into an error for `operation`.
    static func fromQueue(_ operation: String) -> TLSError {
        var parts: [String] = []
        while true {
            let code = ERR_get_error()
            if code == 0 { break }
            var buf = [CChar](repeating: 0, count: 256)
            ERR_error_string_n(code, &buf, buf.count)
            parts.append(String(cString: buf))
        }
        return TLSError(parts.isEmpty ? operation : "\(operation): \(parts.joined(separator: "; "))")
    }
}
