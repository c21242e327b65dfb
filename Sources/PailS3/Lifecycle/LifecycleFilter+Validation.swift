/// S3's checks on a lifecycle `<Filter>` (docs.aws.amazon.com/AmazonS3/latest/API/API_LifecycleRuleFilter.html).
extension LifecycleFilter {
    /// The filter's own checks (see `LifecycleRule.validate()`).
    func validate() throws {
        switch self {
        case .all, .prefix:
            return
        case .tag(let tag):
            if tag.key.isEmpty { throw S3Error.malformedXML() }
        case .objectSizeGreaterThan(let bound):
            try LifecycleFilter.check(greaterThan: bound, lessThan: nil)
        case .objectSizeLessThan(let bound):
            try LifecycleFilter.check(greaterThan: nil, lessThan: bound)
        case .and(let and):
            guard !and.isEmpty else { throw S3Error.malformedXML() }
            var keys = Set<String>()
            for tag in and.tags {
                if tag.key.isEmpty { throw S3Error.malformedXML() }
                if !keys.insert(tag.key).inserted { throw S3Error.invalidRequest("Duplicate Tag Keys are not allowed.") }
            }
            try LifecycleFilter.check(greaterThan: and.objectSizeGreaterThan, lessThan: and.objectSizeLessThan)
        }
    }

    private static func check(greaterThan: Int64?, lessThan: Int64?) throws {
        // 1000 TiB: the bound S3 states in these messages, beyond its largest object.
        let most: Int64 = 1_099_511_627_776_000
        if let greaterThan, greaterThan < 0 || greaterThan > most {
            throw S3Error.invalidRequest("'ObjectSizeGreaterThan' should be between 0 and 1099511627776000.")
        }
        if let lessThan, lessThan < 1 || lessThan > most {
            throw S3Error.invalidRequest("'ObjectSizeLessThan' should be between 1 and 1099511627776000.")
        }
        if let greaterThan, let lessThan, lessThan <= greaterThan {
            throw S3Error.invalidRequest("'ObjectSizeLessThan' has to be a value greater than 'ObjectSizeGreaterThan'.")
        }
    }
}
