extension S3Service {
    /// The access key a request is logged under: the signer's once authenticated, else the one the
    /// request claims (so a failed signature still names its key), nil for an unsigned request.
    static func accessKey(_ r: S3Request) -> String? {
        if let auth = r.auth { return auth.scheme == .anonymous ? nil : auth.principal.accessKey }
        return claimedAccessKey(r)
    }
}
