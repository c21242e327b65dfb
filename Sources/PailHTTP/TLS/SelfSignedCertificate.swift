import Foundation
import COpenSSL
#if canImport(Glibc)
import Glibc
#endif

/// A local self-signed certificate for HTTPS on a developer machine.
public enum SelfSignedCertificate {
    /// Returns `tls/cert.pem` and `tls/key.pem` under `directory`, generating them the first time: a
    /// P-256 key (file mode 0600) and a self-signed X.509 v3 certificate valid for ten years, usable as
    /// its own CA (basicConstraints CA:TRUE; keyUsage digitalSignature, keyCertSign; extendedKeyUsage
    /// serverAuth), with subjectAltName localhost, *.localhost, 127.0.0.1, ::1 and `hosts` (IP literals
    /// become IP entries). Existing files are reused as they are.
    public static func ensure(directory: URL, hosts: [String]) throws -> (certificate: URL, key: URL) {
        let dir = directory.appendingPathComponent("tls", isDirectory: true)
        let certURL = dir.appendingPathComponent("cert.pem"), keyURL = dir.appendingPathComponent("key.pem")
        let fm = FileManager.default
        if fm.fileExists(atPath: certURL.path) && fm.fileExists(atPath: keyURL.path) { return (certURL, keyURL) }
        try fm.createDirectory(at: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let (certPEM, keyPEM) = try generate(hosts: hosts)
        try write(keyPEM, to: keyURL, mode: 0o600)
        try write(certPEM, to: certURL, mode: 0o644)
        return (certURL, keyURL)
    }

    /// The subjectAltName value in OpenSSL config syntax.
    static func subjectAltName(hosts: [String]) -> String {
        var entries = ["DNS:localhost", "DNS:*.localhost", "IP:127.0.0.1", "IP:::1"]
        for raw in hosts {
            var h = raw.trimmingCharacters(in: .whitespaces)
            if h.hasPrefix("[") && h.hasSuffix("]") { h = String(h.dropFirst().dropLast()) }
            guard !h.isEmpty, !h.contains(","), !h.contains(" ") else { continue }
            let entry = isIPAddress(h) ? "IP:\(h)" : "DNS:\(h)"
            if !entries.contains(entry) { entries.append(entry) }
        }
        return entries.joined(separator: ",")
    }

    static func isIPAddress(_ s: String) -> Bool {
        var v4 = in_addr(), v6 = in6_addr()
        return inet_pton(AF_INET, s, &v4) == 1 || inet_pton(AF_INET6, s, &v6) == 1
    }

    /// Creates the key and certificate; returns both as PEM.
    static func generate(hosts: [String]) throws -> (certificate: Data, key: Data) {
        guard let key = pail_ec_p256_keygen() else { throw TLSError.fromQueue("P-256 key generation") }
        defer { EVP_PKEY_free(key) }
        guard let cert = X509_new() else { throw TLSError.fromQueue("X509_new") }
        defer { X509_free(cert) }
        guard X509_set_version(cert, 2) == 1 else { throw TLSError.fromQueue("X509_set_version") }  // v3
        // A random positive 127-bit serial (RFC 5280 §4.1.2.2: at most 20 octets, positive).
        guard let bn = BN_new() else { throw TLSError.fromQueue("BN_new") }
        defer { BN_free(bn) }
        guard BN_rand(bn, 127, -1, 0) == 1, BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(cert)) != nil else {
            throw TLSError.fromQueue("serial number")
        }
        X509_gmtime_adj(X509_getm_notBefore(cert), -3600)
        X509_gmtime_adj(X509_getm_notAfter(cert), 3650 * 86400)
        guard X509_set_pubkey(cert, key) == 1 else { throw TLSError.fromQueue("X509_set_pubkey") }
        let name = X509_get_subject_name(cert)
        _ = X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC, "Pail", -1, -1, 0)
        _ = X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, "Pail local certificate", -1, -1, 0)
        guard X509_set_issuer_name(cert, name) == 1 else { throw TLSError.fromQueue("X509_set_issuer_name") }
        let extensions: [(Int32, String)] = [
            (NID_basic_constraints, "critical,CA:TRUE"),
            (NID_key_usage, "critical,digitalSignature,keyCertSign"),
            (NID_ext_key_usage, "serverAuth"),
            (NID_subject_key_identifier, "hash"),
            (NID_subject_alt_name, subjectAltName(hosts: hosts)),
        ]
        for (nid, value) in extensions where pail_x509_add_ext(cert, nid, value) != 1 {
            throw TLSError.fromQueue("extension \(value)")
        }
        guard X509_sign(cert, key, EVP_sha256()) > 0 else { throw TLSError.fromQueue("X509_sign") }
        let certPEM = try pem { PEM_write_bio_X509($0, cert) }
        let keyPEM = try pem { PEM_write_bio_PrivateKey($0, key, nil, nil, 0, nil, nil) }
        return (certPEM, keyPEM)
    }

    private static func pem(_ write: (OpaquePointer) -> Int32) throws -> Data {
        guard let bio = BIO_new(BIO_s_mem()) else { throw TLSError.fromQueue("BIO_new") }
        defer { BIO_free(bio) }
        guard write(bio) == 1 else { throw TLSError.fromQueue("PEM write") }
        var data: UnsafeMutablePointer<CChar>?
        let n = pail_bio_get_mem_data(bio, &data)
        guard n > 0, let data else { throw TLSError("empty PEM") }
        return Data(bytes: data, count: n)
    }

    /// Writes through a temporary file created with `mode` and renames it into place.
    private static func write(_ data: Data, to url: URL, mode: mode_t) throws {
        let tmp = url.path + ".tmp\(getpid())"
        let fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode)
        guard fd >= 0 else { throw TLSError("cannot create \(tmp): \(String(cString: strerror(errno)))") }
        _ = fchmod(fd, mode)
        let ok = data.withUnsafeBytes { p -> Bool in
            var off = 0
            while off < p.count {
                let n = Glibc.write(fd, p.baseAddress! + off, p.count - off)
                if n <= 0 { if errno == EINTR { continue }; return false }
                off += n
            }
            return fsync(fd) == 0
        }
        close(fd)
        guard ok, rename(tmp, url.path) == 0 else {
            unlink(tmp)
            throw TLSError("cannot write \(url.path)")
        }
    }
}
