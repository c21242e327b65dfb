/// SHA-256 of `bytes` (32 bytes).
public func sha256(_ bytes: [UInt8]) -> [UInt8] {
    let d = Digest(.sha256)
    d.update(bytes)
    return d.finalize()
}

/// MD5 of `bytes` (16 bytes); S3 ETags and Content-MD5.
public func md5(_ bytes: [UInt8]) -> [UInt8] {
    let d = Digest(.md5)
    d.update(bytes)
    return d.finalize()
}
