/// Writing the GetBucketLifecycleConfiguration answer
/// (docs.aws.amazon.com/AmazonS3/latest/API/API_GetBucketLifecycleConfiguration.html).
extension LifecycleConfiguration {
    /// The declaration, then `<LifecycleConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/">`
    /// with each rule in order: `ID`, the legacy `Prefix` or the `Filter` as given, `Status`,
    /// `Transition`s, `Expiration`, `NoncurrentVersionTransition`s, `NoncurrentVersionExpiration`,
    /// `AbortIncompleteMultipartUpload`. Dates are written `2024-01-01T00:00:00.000Z`. What
    /// `parse` reads back from it is this configuration.
    public func xmlBody() -> [UInt8] {
        var xml = XMLWriter(capacity: 256 * max(rules.count, 1))
        xml.declaration()
        xml.open("LifecycleConfiguration", namespace: XMLWriter.s3Namespace)
        for rule in rules { LifecycleConfiguration.write(rule, to: &xml) }
        xml.close("LifecycleConfiguration")
        return xml.bytes
    }

    static func write(_ rule: LifecycleRule, to xml: inout XMLWriter) {
        xml.open("Rule")
        xml.element("ID", rule.id)
        xml.optional("Prefix", rule.prefix)
        if let filter = rule.filter { write(filter, to: &xml) }
        xml.element("Status", rule.isEnabled ? "Enabled" : "Disabled")
        for transition in rule.transitions {
            xml.open("Transition")
            if let date = transition.date { xml.element("Date", S3Date.iso8601(date)) }
            if let days = transition.days { xml.element("Days", String(days)) }
            xml.element("StorageClass", transition.storageClass)
            xml.close("Transition")
        }
        if let expiration = rule.expiration {
            xml.open("Expiration")
            switch expiration {
            case .days(let days): xml.element("Days", String(days))
            case .date(let date): xml.element("Date", S3Date.iso8601(date))
            case .expiredObjectDeleteMarker(let on): xml.element("ExpiredObjectDeleteMarker", on ? "true" : "false")
            }
            xml.close("Expiration")
        }
        for transition in rule.noncurrentVersionTransitions {
            xml.open("NoncurrentVersionTransition")
            xml.element("NoncurrentDays", String(transition.noncurrentDays))
            xml.element("StorageClass", transition.storageClass)
            xml.optional("NewerNoncurrentVersions", transition.newerNoncurrentVersions.map(String.init))
            xml.close("NoncurrentVersionTransition")
        }
        if let noncurrent = rule.noncurrentVersionExpiration {
            xml.open("NoncurrentVersionExpiration")
            xml.element("NoncurrentDays", String(noncurrent.noncurrentDays))
            xml.optional("NewerNoncurrentVersions", noncurrent.newerNoncurrentVersions.map(String.init))
            xml.close("NoncurrentVersionExpiration")
        }
        if let days = rule.abortIncompleteMultipartUploadDays {
            xml.open("AbortIncompleteMultipartUpload")
            xml.element("DaysAfterInitiation", String(days))
            xml.close("AbortIncompleteMultipartUpload")
        }
        xml.close("Rule")
    }

    static func write(_ filter: LifecycleFilter, to xml: inout XMLWriter) {
        xml.open("Filter")
        switch filter {
        case .all: break
        case .prefix(let prefix): xml.element("Prefix", prefix)
        case .tag(let tag): TagSet.write(tag, to: &xml)
        case .objectSizeGreaterThan(let size): xml.element("ObjectSizeGreaterThan", String(size))
        case .objectSizeLessThan(let size): xml.element("ObjectSizeLessThan", String(size))
        case .and(let and):
            xml.open("And")
            xml.optional("Prefix", and.prefix)
            for tag in and.tags { TagSet.write(tag, to: &xml) }
            xml.optional("ObjectSizeGreaterThan", and.objectSizeGreaterThan.map { String($0) })
            xml.optional("ObjectSizeLessThan", and.objectSizeLessThan.map { String($0) })
            xml.close("And")
        }
        xml.close("Filter")
    }
}
