import COpenSSL

/// An OpenSSL server context (`SSL_CTX`) holding a certificate chain and private key; shared by every
/// connection of the listeners that use it. TLS 1.2 is the minimum, so TLS 1.2 and 1.3 clients work.
// Unchecked: an `SSL_CTX` configured in `init` and only read after; OpenSSL allows one context to
// be shared by the threads that create connections from it.
public final class TLSServerContext: @unchecked Sendable {
    let context: OpaquePointer

    /// Loads a PEM certificate chain (leaf first) and its PEM private key. Ignores SIGPIPE
    /// process-wide, since OpenSSL's own socket writes may raise it.
    public init(certificateFile: String, keyFile: String) throws {
        SocketOptions.ignoreSIGPIPE()
        guard let ctx = SSL_CTX_new(TLS_server_method()) else { throw TLSError.fromQueue("SSL_CTX_new") }
        context = ctx
        _ = pail_ssl_ctx_set_min_proto(ctx, TLS1_2_VERSION)
        // Partial writes and moving buffers suit the non-blocking write loop; auto-retry hides
        // renegotiation records from reads.
        _ = pail_ssl_ctx_set_mode(ctx, pail_ssl_mode_auto_retry() | pail_ssl_mode_partial_write())
        // A peer that closes without close_notify is treated as end of stream; body framing catches
        // truncation one level up.
        _ = SSL_CTX_set_options(ctx, pail_ssl_op_ignore_unexpected_eof())
        guard SSL_CTX_use_certificate_chain_file(ctx, certificateFile) == 1 else {
            throw TLSError.fromQueue("cannot load certificate \(certificateFile)")
        }
        guard SSL_CTX_use_PrivateKey_file(ctx, keyFile, SSL_FILETYPE_PEM) == 1 else {
            throw TLSError.fromQueue("cannot load private key \(keyFile)")
        }
        guard SSL_CTX_check_private_key(ctx) == 1 else {
            throw TLSError.fromQueue("private key does not match certificate")
        }
    }

    deinit { SSL_CTX_free(context) }
}
