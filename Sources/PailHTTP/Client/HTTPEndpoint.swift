/// `scheme://host[:port]` of a server, parsed without Foundation's URL normalisation.
public struct HTTPEndpoint: Sendable, Equatable, CustomStringConvertible {
    public var scheme: String
    /// Host name or IP literal (IPv6 without brackets).
    public var host: String
    public var port: Int
    /// Path prefix after the authority (usually empty), without a trailing slash.
    public var basePath: String

    public init(scheme: String, host: String, port: Int, basePath: String = "") {
        self.scheme = scheme
        self.host = host
        self.port = port
        self.basePath = basePath
    }

    /// Parses `http://host:port/path`; the port defaults to 80/443. Nil for other schemes or no host.
    public init?(_ url: String) {
        guard let r = url.range(of: "://") else { return nil }
        scheme = url[..<r.lowerBound].lowercased()
        guard scheme == "http" || scheme == "https" else { return nil }
        var rest = url[r.upperBound...]
        var path = ""
        if let slash = rest.firstIndex(of: "/") {
            path = String(rest[slash...])
            rest = rest[..<slash]
        }
        while path.hasSuffix("/") { path.removeLast() }
        basePath = path
        var hostPart = rest
        var portText: Substring? = nil
        if hostPart.hasPrefix("[") {
            guard let close = hostPart.firstIndex(of: "]") else { return nil }
            let after = hostPart[hostPart.index(after: close)...]
            if after.hasPrefix(":") { portText = after.dropFirst() }
            hostPart = hostPart[hostPart.index(after: hostPart.startIndex)..<close]
        } else if let colon = hostPart.lastIndex(of: ":") {
            portText = hostPart[hostPart.index(after: colon)...]
            hostPart = hostPart[..<colon]
        }
        guard !hostPart.isEmpty else { return nil }
        host = String(hostPart)
        if let portText {
            guard let p = Int(portText), p > 0, p < 65536 else { return nil }
            port = p
        } else {
            port = scheme == "https" ? 443 : 80
        }
    }

    public var isSecure: Bool { scheme == "https" }

    /// The Host header value: `host` or `host:port` when the port is not the scheme's default.
    public var hostHeader: String {
        // Bytes, not Foundation's substring search: this runs for every request a gateway forwards.
        let h = host.utf8.contains(UInt8(ascii: ":")) ? "[\(host)]" : host
        return port == (isSecure ? 443 : 80) ? h : "\(h):\(port)"
    }

    public var description: String { "\(scheme)://\(hostHeader)\(basePath)" }
}
