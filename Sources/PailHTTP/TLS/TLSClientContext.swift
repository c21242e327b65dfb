import COpenSSL

/// An OpenSSL client context (`SSL_CTX`): which servers to trust. Shared by every client connection
/// to any host; TLS 1.2 is the minimum.
///
/// URLSession on Linux cannot trust a self-signed server (swift-linux.md pitfall 6), so the S3 client
/// brings its own TLS: `allowInvalidCertificates` skips verification entirely, `caFile` trusts one
/// PEM bundle (such as Pail's generated certificate), and otherwise the system store is used
/// (`SSL_CERT_FILE`/`SSL_CERT_DIR` are honoured by OpenSSL's default paths).
// Unchecked: an `SSL_CTX` configured in `init` and only read after, which OpenSSL lets the threads
// creating connections from it share.
public final class TLSClientContext: @unchecked Sendable {
    let context: OpaquePointer
    /// False when certificates are not verified.
    public let verifies: Bool

    /// Builds a client context. Throws `TLSError` when `caFile` cannot be loaded.
    public init(allowInvalidCertificates: Bool = false, caFile: String? = nil) throws {
        SocketOptions.ignoreSIGPIPE()
        guard let ctx = SSL_CTX_new(TLS_client_method()) else { throw TLSError.fromQueue("SSL_CTX_new") }
        context = ctx
        verifies = !allowInvalidCertificates
        _ = pail_ssl_ctx_set_min_proto(ctx, TLS1_2_VERSION)
        _ = pail_ssl_ctx_set_mode(ctx, pail_ssl_mode_auto_retry() | pail_ssl_mode_partial_write())
        _ = SSL_CTX_set_options(ctx, pail_ssl_op_ignore_unexpected_eof())
        if allowInvalidCertificates {
            SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, nil)
        } else {
            SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, nil)
            if let caFile {
                guard SSL_CTX_load_verify_locations(ctx, caFile, nil) == 1 else {
                    throw TLSError.fromQueue("cannot load CA file \(caFile)")
                }
            } else {
                _ = SSL_CTX_set_default_verify_paths(ctx)
            }
        }
    }

    deinit { SSL_CTX_free(context) }
}
