import Foundation

/// Reading a PutBucketLifecycleConfiguration body
/// (docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketLifecycleConfiguration.html).
extension LifecycleConfiguration {
    /// Parses and validates a `<LifecycleConfiguration>` body; a rule without an `ID` (or with an
    /// empty one) gets `makeRuleID()`, as S3 generates one.
    ///
    /// Throws `MalformedXML` when the body breaks S3's schema: XML that does not parse, another
    /// root, an unknown or repeated element, a `Status` other than `Enabled`/`Disabled`, a rule
    /// with neither or both of a rule-level `Prefix` and a `Filter`, a `Filter` naming more than one
    /// predicate outside `And`, an empty `And`, an `Expiration` naming none or more than one of
    /// `Days`/`Date`/`ExpiredObjectDeleteMarker` (S3 answers `MalformedXML` for
    /// `ExpiredObjectDeleteMarker` beside `Days` or `Date`), a missing required element
    /// (`NoncurrentDays`, `DaysAfterInitiation`, `StorageClass`), a number that is not an integer,
    /// a boolean other than `true`/`false`, or a `Date` that is not ISO 8601. Then
    /// `validate()`'s checks, with their codes.
    public static func parse(_ bytes: [UInt8], makeRuleID: () -> String = LifecycleConfiguration.randomRuleID) throws -> LifecycleConfiguration {
        let root = try XMLReader.parse(bytes)
        guard root.name == "LifecycleConfiguration" else { throw S3Error.malformedXML() }
        try root.requireOnly(["Rule"])
        let configuration = LifecycleConfiguration(rules: try root.children.map { try parseRule($0, makeRuleID: makeRuleID) })
        try configuration.validate()
        return configuration
    }

    static func parseRule(_ node: XMLNode, makeRuleID: () -> String) throws -> LifecycleRule {
        try node.requireOnly(["ID", "Prefix", "Filter", "Status", "Expiration", "Transition",
                              "NoncurrentVersionExpiration", "NoncurrentVersionTransition", "AbortIncompleteMultipartUpload"])
        let isEnabled: Bool
        switch try node.singleToken("Status") {
        case "Enabled": isEnabled = true
        case "Disabled": isEnabled = false
        default: throw S3Error.malformedXML()
        }
        let prefix = try node.singleText("Prefix")
        let filter = try node.single("Filter").map(parseFilter)
        guard (prefix == nil) != (filter == nil) else { throw S3Error.malformedXML() }
        let id = try node.singleText("ID").flatMap { $0.isEmpty ? nil : $0 } ?? makeRuleID()
        var abortDays: Int?
        if let abort = try node.single("AbortIncompleteMultipartUpload") {
            try abort.requireOnly(["DaysAfterInitiation"])
            guard let days = try abort.singleInt32("DaysAfterInitiation") else { throw S3Error.malformedXML() }
            abortDays = days
        }
        return LifecycleRule(
            id: id, isEnabled: isEnabled, prefix: prefix, filter: filter,
            expiration: try node.single("Expiration").map(parseExpiration),
            transitions: try node.children("Transition").map(parseTransition),
            noncurrentVersionExpiration: try node.single("NoncurrentVersionExpiration").map(parseNoncurrentExpiration),
            noncurrentVersionTransitions: try node.children("NoncurrentVersionTransition").map(parseNoncurrentTransition),
            abortIncompleteMultipartUploadDays: abortDays)
    }

    /// `<Filter>`: nothing (every object), or exactly one predicate.
    static func parseFilter(_ node: XMLNode) throws -> LifecycleFilter {
        try node.requireOnly(["Prefix", "Tag", "ObjectSizeGreaterThan", "ObjectSizeLessThan", "And"])
        guard node.children.count <= 1 else { throw S3Error.malformedXML() }
        guard let only = node.children.first else { return .all }
        func size(_ name: String) throws -> Int64 {
            guard let size = try node.singleInt64(name) else { throw S3Error.malformedXML() }
            return size
        }
        switch only.name {
        case "Prefix": return .prefix(try node.singleText("Prefix") ?? "")
        case "Tag": return .tag(try TagSet.parseTag(only))
        case "ObjectSizeGreaterThan": return .objectSizeGreaterThan(try size("ObjectSizeGreaterThan"))
        case "ObjectSizeLessThan": return .objectSizeLessThan(try size("ObjectSizeLessThan"))
        default:
            try only.requireOnly(["Prefix", "Tag", "ObjectSizeGreaterThan", "ObjectSizeLessThan"])
            let and = LifecycleFilterAnd(prefix: try only.singleText("Prefix"), tags: try TagSet.parseTags(only),
                                         objectSizeGreaterThan: try only.singleInt64("ObjectSizeGreaterThan"),
                                         objectSizeLessThan: try only.singleInt64("ObjectSizeLessThan"))
            guard !and.isEmpty else { throw S3Error.malformedXML() }
            return .and(and)
        }
    }

    static func parseExpiration(_ node: XMLNode) throws -> LifecycleExpiration {
        try node.requireOnly(["Days", "Date", "ExpiredObjectDeleteMarker"])
        let days = try node.singleInt32("Days")
        let date = try node.singleToken("Date").map(parseDate)
        let marker = try node.singleBool("ExpiredObjectDeleteMarker")
        switch (days, date, marker) {
        case (let days?, nil, nil): return .days(days)
        case (nil, let date?, nil): return .date(date)
        case (nil, nil, let marker?): return .expiredObjectDeleteMarker(marker)
        default: throw S3Error.malformedXML()
        }
    }

    static func parseNoncurrentExpiration(_ node: XMLNode) throws -> NoncurrentVersionExpiration {
        try node.requireOnly(["NoncurrentDays", "NewerNoncurrentVersions"])
        guard let days = try node.singleInt32("NoncurrentDays") else { throw S3Error.malformedXML() }
        return NoncurrentVersionExpiration(noncurrentDays: days, newerNoncurrentVersions: try node.singleInt32("NewerNoncurrentVersions"))
    }

    static func parseTransition(_ node: XMLNode) throws -> LifecycleTransition {
        try node.requireOnly(["Days", "Date", "StorageClass"])
        guard let storageClass = try node.singleToken("StorageClass") else { throw S3Error.malformedXML() }
        return LifecycleTransition(days: try node.singleInt32("Days"), date: try node.singleToken("Date").map(parseDate),
                                   storageClass: storageClass)
    }

    static func parseNoncurrentTransition(_ node: XMLNode) throws -> NoncurrentVersionTransition {
        try node.requireOnly(["NoncurrentDays", "NewerNoncurrentVersions", "StorageClass"])
        guard let days = try node.singleInt32("NoncurrentDays"), let storageClass = try node.singleToken("StorageClass") else {
            throw S3Error.malformedXML()
        }
        return NoncurrentVersionTransition(noncurrentDays: days, newerNoncurrentVersions: try node.singleInt32("NewerNoncurrentVersions"),
                                           storageClass: storageClass)
    }

    static func parseDate(_ token: String) throws -> Date {
        guard let date = LifecycleDay.parse(token) else { throw S3Error.malformedXML() }
        return date
    }
}
