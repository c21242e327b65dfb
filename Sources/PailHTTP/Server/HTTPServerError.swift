/// Errors starting or configuring a server.
public enum HTTPServerError: Error, Equatable, CustomStringConvertible {
    /// Binding or listening failed.
    case cannotListen(String)
    /// `listen` was called after `shutdown`.
    case shutDown

    public var description: String {
        switch self {
        case .cannotListen(let m): return "cannot listen: \(m)"
        case .shutDown: return "server is shut down"
        }
    }
}
