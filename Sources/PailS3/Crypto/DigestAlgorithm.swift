import COpenSSL

/// A message digest computed through OpenSSL's EVP interface.
public enum DigestAlgorithm: Sendable {
    case md5, sha1, sha256

    /// Output length in bytes (16, 20, 32).
    public var length: Int {
        switch self {
        case .md5: return 16
        case .sha1: return 20
        case .sha256: return 32
        }
    }

    /// The fetched `EVP_MD`. Fetched once per process: OpenSSL 3's implicit fetch behind `EVP_sha256()`
    /// takes a lock and a provider lookup on every `EVP_DigestInit_ex`, which shows on small requests.
    var evp: OpaquePointer {
        switch self {
        case .md5: return DigestAlgorithm.md5MD
        case .sha1: return DigestAlgorithm.sha1MD
        case .sha256: return DigestAlgorithm.sha256MD
        }
    }

    // nonisolated(unsafe): fetched EVP_MDs are immutable and shareable between threads (OpenSSL
    // crypto(7), "Fetching algorithms"); an OpaquePointer is not Sendable only by default.
    private nonisolated(unsafe) static let md5MD: OpaquePointer = EVP_MD_fetch(nil, "MD5", nil) ?? EVP_md5()
    private nonisolated(unsafe) static let sha1MD: OpaquePointer = EVP_MD_fetch(nil, "SHA1", nil) ?? EVP_sha1()
    private nonisolated(unsafe) static let sha256MD: OpaquePointer = EVP_MD_fetch(nil, "SHA256", nil) ?? EVP_sha256()
}
