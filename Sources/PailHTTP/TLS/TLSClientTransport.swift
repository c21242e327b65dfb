import COpenSSL

extension TLSTransport {
    /// The client side of TLS on the connected socket `fd` to `host`: SNI for names, and, when the
    /// context verifies, a check of the server's certificate against `host` (DNS or IP SAN).
    /// Call `handshake` next; it throws `TLSError` when the certificate is not trusted.
    public static func client(context: TLSClientContext, fd: Int32, host: String) throws -> TLSTransport {
        let s = try makeSSL(context.context, fd: fd)
        let isIP = host.contains(":") || host.split(separator: ".").allSatisfy { !$0.isEmpty && $0.allSatisfy(\.isNumber) }
        if !isIP { _ = pail_ssl_set_tlsext_host_name(s, host) }
        if context.verifies {
            if isIP {
                _ = X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(s), host)
            } else {
                _ = SSL_set1_host(s, host)
            }
        }
        SSL_set_connect_state(s)
        return TLSTransport(ssl: s, fd: fd)
    }
}
