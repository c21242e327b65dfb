/// S3's checks on one lifecycle rule, with the codes and messages S3 answers
/// (docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketLifecycleConfiguration.html and
/// ErrorResponses.html).
extension LifecycleRule {
    /// Throws the first fault found, in this order:
    /// - neither or both of `prefix` and `filter` → `MalformedXML`;
    /// - an ID longer than 255 → `InvalidArgument` "ID length should not exceed allowed limit of 255";
    /// - no action → `InvalidRequest` "At least one action needs to be specified in a rule";
    /// - filter: a negative size, or `ObjectSizeLessThan` not above `ObjectSizeGreaterThan` →
    ///   `InvalidRequest`; a tag with an empty key → `MalformedXML`; a tag key named twice →
    ///   `InvalidRequest` "Duplicate Tag Keys are not allowed.";
    /// - `Days` below 1 → `InvalidArgument` "'Days' for Expiration action must be a positive
    ///   integer"; a `Date` (expiration or transition) not at midnight UTC → `InvalidArgument`
    ///   "'Date' must be at midnight GMT";
    /// - `ExpiredObjectDeleteMarker` or `AbortIncompleteMultipartUpload` with a tag or size filter →
    ///   `InvalidRequest` "… cannot be specified with Tags." / "… cannot be specified with Object Size.";
    /// - `NoncurrentDays`, `NewerNoncurrentVersions` or `DaysAfterInitiation` below 1, or a
    ///   transition's days below 0 → `InvalidArgument` naming the element;
    /// - a transition naming neither or both of `Days` and `Date`, or a storage class S3's schema
    ///   does not list → `MalformedXML`.
    public func validate() throws {
        guard (prefix == nil) != (filter == nil) else { throw S3Error.malformedXML() }
        if id.utf16.count > LifecycleRule.maxIDLength {
            throw S3Error.invalidArgument("ID length should not exceed allowed limit of 255")
        }
        guard hasAction else { throw S3Error.invalidRequest("At least one action needs to be specified in a rule") }
        try filter?.validate()
        let tagged = !(filter?.requiredTags.isEmpty ?? true)
        let sized = filter?.boundsSize ?? false
        switch expiration {
        case .days(let days)?:
            if days < 1 { throw S3Error.invalidArgument("'Days' for Expiration action must be a positive integer") }
        case .date(let date)?:
            if !LifecycleDay.isMidnight(date) { throw S3Error.invalidArgument("'Date' must be at midnight GMT") }
        case .expiredObjectDeleteMarker?:
            if tagged { throw S3Error.invalidRequest("ExpiredObjectDeleteMarker cannot be specified with Tags.") }
            if sized { throw S3Error.invalidRequest("ExpiredObjectDeleteMarker cannot be specified with Object Size.") }
        case nil:
            break
        }
        if let noncurrent = noncurrentVersionExpiration {
            if noncurrent.noncurrentDays < 1 {
                throw S3Error.invalidArgument("'NoncurrentDays' for NoncurrentVersionExpiration action must be a positive integer")
            }
            if let newer = noncurrent.newerNoncurrentVersions, newer < 1 {
                throw S3Error.invalidArgument("'NewerNoncurrentVersions' for NoncurrentVersionExpiration action must be a positive integer")
            }
        }
        if let days = abortIncompleteMultipartUploadDays {
            if days < 1 {
                throw S3Error.invalidArgument("'DaysAfterInitiation' for AbortIncompleteMultipartUpload action must be a positive integer")
            }
            if tagged { throw S3Error.invalidRequest("AbortIncompleteMultipartUpload cannot be specified with Tags.") }
            if sized { throw S3Error.invalidRequest("AbortIncompleteMultipartUpload cannot be specified with Object Size.") }
        }
        try validateTransitions()
    }

    private func validateTransitions() throws {
        for transition in transitions {
            guard (transition.days == nil) != (transition.date == nil),
                  LifecycleTransition.storageClasses.contains(transition.storageClass) else { throw S3Error.malformedXML() }
            if let days = transition.days, days < 0 {
                throw S3Error.invalidArgument("'Days' in Transition action must be greater than or equal to 0")
            }
            if let date = transition.date, !LifecycleDay.isMidnight(date) {
                throw S3Error.invalidArgument("'Date' must be at midnight GMT")
            }
        }
        for transition in noncurrentVersionTransitions {
            guard LifecycleTransition.storageClasses.contains(transition.storageClass) else { throw S3Error.malformedXML() }
            if transition.noncurrentDays < 0 {
                throw S3Error.invalidArgument("'NoncurrentDays' in NoncurrentVersionTransition action must be greater than or equal to 0")
            }
            if let newer = transition.newerNoncurrentVersions, newer < 1 {
                throw S3Error.invalidArgument("'NewerNoncurrentVersions' for NoncurrentVersionTransition action must be a positive integer")
            }
        }
    }
}
