/// A bucket's versioning configuration: the body of PutBucketVersioning and the answer of
/// GetBucketVersioning (docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketVersioning.html).
///
/// `VersioningConfiguration()` (no status) is a bucket whose versioning was never set.
public struct VersioningConfiguration: Sendable, Equatable, Codable {
    /// nil until versioning is first set; then `Enabled` or `Suspended` for good.
    public var status: VersioningStatus?
    /// nil unless a request configured MFA delete; GetBucketVersioning writes `<MfaDelete>` only
    /// then ("This element is only returned if the bucket has been configured with MFA delete").
    public var mfaDelete: MFADeleteStatus?

    public init(status: VersioningStatus? = nil, mfaDelete: MFADeleteStatus? = nil) {
        self.status = status
        self.mfaDelete = mfaDelete
    }

    /// Parses a PutBucketVersioning body,
    /// `<VersioningConfiguration><Status>Enabled|Suspended</Status><MfaDelete>Enabled|Disabled</MfaDelete></VersioningConfiguration>`.
    ///
    /// - `MalformedXML` when the XML does not parse, the root is not `VersioningConfiguration`, it
    ///   holds any other element or a repeated one, or `Status`/`MfaDelete` has another value
    ///   (case-sensitive, as the schema's enumeration is).
    /// - `IllegalVersioningConfigurationException` "The Versioning element must be specified" when
    ///   `Status` is missing or empty: S3's answer, which is where that code comes from.
    /// - `MfaDelete` `Enabled`: S3 requires the `x-amz-mfa` header to change MFA delete
    ///   (docs.aws.amazon.com/AmazonS3/latest/userguide/MultiFactorAuthenticationDelete.html) and
    ///   answers a request without it `AccessDenied` "Mfa Authentication must be used for this
    ///   request", which is what Pail sends when `hasMFAHeader` is false. With the header, Pail
    ///   cannot check a device code, so it answers `NotImplemented` rather than pretend.
    ///   `MfaDelete` `Disabled` is accepted with or without the header: it is the state Pail has.
    public static func parse(_ bytes: [UInt8], hasMFAHeader: Bool = false) throws -> VersioningConfiguration {
        let root = try XMLReader.parse(bytes)
        guard root.name == "VersioningConfiguration" else { throw S3Error.malformedXML() }
        try root.requireOnly(["Status", "MfaDelete"])
        let statusToken = try root.singleToken("Status")
        let mfaToken = try root.singleToken("MfaDelete")
        guard let statusToken, !statusToken.isEmpty else { throw S3Error.illegalVersioningConfiguration() }
        guard let status = VersioningStatus(rawValue: statusToken) else { throw S3Error.malformedXML() }
        var mfaDelete: MFADeleteStatus?
        if let mfaToken {
            guard let value = MFADeleteStatus(rawValue: mfaToken) else { throw S3Error.malformedXML() }
            mfaDelete = value
        }
        if mfaDelete == .enabled {
            if !hasMFAHeader { throw S3Error.accessDenied("Mfa Authentication must be used for this request") }
            throw S3Error.notImplemented("Pail does not support MFA delete: versioning can be set, but MfaDelete cannot be Enabled")
        }
        return VersioningConfiguration(status: status, mfaDelete: mfaDelete)
    }

    /// The configuration after a PutBucketVersioning `request` is applied to this one: the
    /// request's status, and its `MfaDelete` if it named one (otherwise this one's is kept).
    public func applying(_ request: VersioningConfiguration) -> VersioningConfiguration {
        VersioningConfiguration(status: request.status ?? status, mfaDelete: request.mfaDelete ?? mfaDelete)
    }

    /// The GetBucketVersioning answer: the declaration, then for a bucket never versioned the
    /// empty `<VersioningConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"/>` (no
    /// status: "a GetBucketVersioning request does not return a versioning state value"),
    /// otherwise `<VersioningConfiguration xmlns=…><Status>…</Status>[<MfaDelete>…</MfaDelete>]</VersioningConfiguration>`.
    public func xmlBody() -> [UInt8] {
        var xml = XMLWriter()
        xml.declaration()
        if status == nil && mfaDelete == nil {
            xml.emptyS3Root("VersioningConfiguration")
            return xml.bytes
        }
        xml.open("VersioningConfiguration", namespace: XMLWriter.s3Namespace)
        xml.optional("Status", status?.rawValue)
        xml.optional("MfaDelete", mfaDelete?.rawValue)
        xml.close("VersioningConfiguration")
        return xml.bytes
    }
}
