import Foundation
import Testing
@testable import PailS3

@Suite struct LifecycleConfigurationTests {
    static func parse(_ body: String) throws -> LifecycleConfiguration {
        var n = 0
        return try LifecycleConfiguration.parse(Array(body.utf8)) { n += 1; return "generated-\(n)" }
    }

    static func error(_ body: String) -> S3Error? {
        do { _ = try parse(body); return nil } catch let e as S3Error { return e } catch { return nil }
    }

    /// A configuration of one rule whose inner XML is `rule`.
    static func one(_ rule: String) -> String { "<LifecycleConfiguration><Rule>\(rule)</Rule></LifecycleConfiguration>" }

    static func date(_ s: String) -> Date { S3Date.parseISO8601(s)! }

    // MARK: Parsing

    @Test func parse_fullRule_readsEveryElement() throws {
        let body = """
            <?xml version="1.0" encoding="UTF-8"?>
            <LifecycleConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
              <Rule>
                <ID>logs</ID>
                <Filter><And><Prefix>logs/</Prefix><Tag><Key>k</Key><Value>v</Value></Tag>
                  <ObjectSizeGreaterThan>10</ObjectSizeGreaterThan><ObjectSizeLessThan>100</ObjectSizeLessThan></And></Filter>
                <Status>Enabled</Status>
                <Transition><Days>30</Days><StorageClass>STANDARD_IA</StorageClass></Transition>
                <Transition><Days>90</Days><StorageClass>GLACIER</StorageClass></Transition>
                <Expiration><Days> 365 </Days></Expiration>
                <NoncurrentVersionTransition><NoncurrentDays>0</NoncurrentDays><StorageClass>GLACIER_IR</StorageClass></NoncurrentVersionTransition>
                <NoncurrentVersionExpiration><NoncurrentDays>7</NoncurrentDays><NewerNoncurrentVersions>3</NewerNoncurrentVersions></NoncurrentVersionExpiration>
              </Rule>
              <Rule>
                <Prefix>tmp/</Prefix>
                <Status>Disabled</Status>
                <AbortIncompleteMultipartUpload><DaysAfterInitiation>2</DaysAfterInitiation></AbortIncompleteMultipartUpload>
              </Rule>
            </LifecycleConfiguration>
            """
        let c = try Self.parse(body)
        #expect(c.rules.count == 2)
        let logs = c.rules[0]
        #expect(logs == LifecycleRule(
            id: "logs", isEnabled: true,
            filter: .and(LifecycleFilterAnd(prefix: "logs/", tags: [Tag(key: "k", value: "v")], objectSizeGreaterThan: 10, objectSizeLessThan: 100)),
            expiration: .days(365),
            transitions: [LifecycleTransition(days: 30, storageClass: "STANDARD_IA"), LifecycleTransition(days: 90, storageClass: "GLACIER")],
            noncurrentVersionExpiration: NoncurrentVersionExpiration(noncurrentDays: 7, newerNoncurrentVersions: 3),
            noncurrentVersionTransitions: [NoncurrentVersionTransition(noncurrentDays: 0, storageClass: "GLACIER_IR")]))
        #expect(c.rules[1] == LifecycleRule(id: "generated-1", isEnabled: false, prefix: "tmp/", abortIncompleteMultipartUploadDays: 2))
    }

    @Test func parse_filterForms() throws {
        func filter(_ inner: String) throws -> LifecycleFilter? {
            try Self.parse(Self.one("<Filter>\(inner)</Filter><Status>Enabled</Status><Expiration><Days>1</Days></Expiration>")).rules[0].filter
        }
        #expect(try filter("") == .all)
        #expect(try filter("<Prefix></Prefix>") == .prefix(""))
        #expect(try filter("<Prefix> a/ </Prefix>") == .prefix(" a/ "))
        #expect(try filter("<Tag><Key>k</Key><Value></Value></Tag>") == .tag(Tag(key: "k", value: "")))
        #expect(try filter("<ObjectSizeGreaterThan>0</ObjectSizeGreaterThan>") == .objectSizeGreaterThan(0))
        #expect(try filter("<ObjectSizeLessThan>5</ObjectSizeLessThan>") == .objectSizeLessThan(5))
        #expect(try filter("<And><Tag><Key>a</Key><Value>1</Value></Tag><Tag><Key>b</Key><Value>2</Value></Tag></And>")
                == .and(LifecycleFilterAnd(tags: [Tag(key: "a", value: "1"), Tag(key: "b", value: "2")])))
    }

    @Test func parse_expirationForms() throws {
        func expiration(_ inner: String) throws -> LifecycleExpiration? {
            try Self.parse(Self.one("<Filter/><Status>Enabled</Status><Expiration>\(inner)</Expiration>")).rules[0].expiration
        }
        #expect(try expiration("<Days>30</Days>") == .days(30))
        #expect(try expiration("<ExpiredObjectDeleteMarker>true</ExpiredObjectDeleteMarker>") == .expiredObjectDeleteMarker(true))
        #expect(try expiration("<ExpiredObjectDeleteMarker>false</ExpiredObjectDeleteMarker>") == .expiredObjectDeleteMarker(false))
        let midnight = Self.date("2024-03-01T00:00:00Z")
        for form in ["2024-03-01T00:00:00Z", "2024-03-01T00:00:00.000Z", "2024-03-01", "2024-03-01T00:00:00+00:00", "2024-03-01T05:30:00+05:30", "2024-02-29T19:00:00-05:00"] {
            #expect(try expiration("<Date>\(form)</Date>") == .date(midnight), "\(form)")
        }
    }

    @Test func parse_missingOrEmptyID_isGenerated_inOrder() throws {
        let rule = "<Filter/><Status>Enabled</Status><Expiration><Days>1</Days></Expiration>"
        let c = try Self.parse("<LifecycleConfiguration><Rule>\(rule)</Rule><Rule><ID></ID>\(rule)</Rule><Rule><ID>mine</ID>\(rule)</Rule></LifecycleConfiguration>")
        #expect(c.rules.map(\.id) == ["generated-1", "generated-2", "mine"])
    }

    @Test func randomRuleID_isBase64OfAUUID_andUnique() {
        let a = LifecycleConfiguration.randomRuleID(), b = LifecycleConfiguration.randomRuleID()
        #expect(a.count == 48 && a != b)
        #expect(Data(base64Encoded: a).flatMap { UUID(uuidString: String(decoding: $0, as: UTF8.self)) } != nil)
    }

    // MARK: Round trip

    @Test func xmlBody_roundTripsEveryForm() throws {
        let config = LifecycleConfiguration(rules: [
            LifecycleRule(id: "a&b", prefix: "", expiration: .date(Self.date("2030-01-01T00:00:00Z"))),
            LifecycleRule(id: "all", filter: .all, expiration: .expiredObjectDeleteMarker(true),
                          noncurrentVersionExpiration: NoncurrentVersionExpiration(noncurrentDays: 1, newerNoncurrentVersions: 2),
                          abortIncompleteMultipartUploadDays: 7),
            LifecycleRule(id: "tag", isEnabled: false, filter: .tag(Tag(key: "k", value: "<v>")), expiration: .days(3),
                          transitions: [LifecycleTransition(date: Self.date("2029-06-01T00:00:00Z"), storageClass: "DEEP_ARCHIVE")],
                          noncurrentVersionTransitions: [NoncurrentVersionTransition(noncurrentDays: 5, newerNoncurrentVersions: 1, storageClass: "GLACIER")]),
            LifecycleRule(id: "big", filter: .objectSizeGreaterThan(1 << 20), expiration: .days(1)),
            LifecycleRule(id: "small", filter: .objectSizeLessThan(1), expiration: .days(1)),
            LifecycleRule(id: "and", filter: .and(LifecycleFilterAnd(prefix: "p/", tags: [Tag(key: "a", value: "1")], objectSizeLessThan: 9)),
                          noncurrentVersionExpiration: NoncurrentVersionExpiration(noncurrentDays: 30)),
            LifecycleRule(id: "pre", filter: .prefix("x/"), abortIncompleteMultipartUploadDays: 1),
        ])
        try config.validate()
        #expect(try LifecycleConfiguration.parse(config.xmlBody()) == config)
    }

    @Test func xmlBody_writesS3Shape() {
        let config = LifecycleConfiguration(rules: [
            LifecycleRule(id: "r1", filter: .prefix("logs/"), expiration: .date(Self.date("2030-01-01T00:00:00Z")), abortIncompleteMultipartUploadDays: 2),
            LifecycleRule(id: "r2", isEnabled: false, prefix: "", expiration: .expiredObjectDeleteMarker(false)),
        ])
        let xml = String(decoding: config.xmlBody(), as: UTF8.self)
        #expect(xml == #"<?xml version="1.0" encoding="UTF-8"?><LifecycleConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/">"#
            + "<Rule><ID>r1</ID><Filter><Prefix>logs/</Prefix></Filter><Status>Enabled</Status><Expiration><Date>2030-01-01T00:00:00.000Z</Date></Expiration>"
            + "<AbortIncompleteMultipartUpload><DaysAfterInitiation>2</DaysAfterInitiation></AbortIncompleteMultipartUpload></Rule>"
            + "<Rule><ID>r2</ID><Prefix></Prefix><Status>Disabled</Status><Expiration><ExpiredObjectDeleteMarker>false</ExpiredObjectDeleteMarker></Expiration></Rule>"
            + "</LifecycleConfiguration>")
    }

    @Test func codable_roundTrips() throws {
        let config = LifecycleConfiguration(rules: [
            LifecycleRule(id: "r", filter: .and(LifecycleFilterAnd(prefix: "a", tags: [Tag(key: "k", value: "v")])),
                          expiration: .date(Self.date("2030-01-01T00:00:00Z")), transitions: [LifecycleTransition(days: 1, storageClass: "GLACIER")]),
            LifecycleRule(id: "s", prefix: "p", expiration: .expiredObjectDeleteMarker(true)),
        ])
        let json = try JSONEncoder().encode(config)
        #expect(try JSONDecoder().decode(LifecycleConfiguration.self, from: json) == config)
    }

    // MARK: Errors

    @Test func malformedShapes_areMalformedXML() {
        let action = "<Expiration><Days>1</Days></Expiration>"
        let bodies = [
            "garbage",
            "<Lifecycle><Rule/></Lifecycle>",
            "<LifecycleConfiguration><Other/></LifecycleConfiguration>",
            Self.one("<Filter/>\(action)"),                                                    // no Status
            Self.one("<Filter/><Status>enabled</Status>\(action)"),                            // wrong case
            Self.one("<Filter/><Status>Enabled</Status><Status>Enabled</Status>\(action)"),
            Self.one("<Status>Enabled</Status>\(action)"),                                     // neither Prefix nor Filter
            Self.one("<Prefix/><Filter/><Status>Enabled</Status>\(action)"),                   // both
            Self.one("<Filter><Prefix>a</Prefix><Tag><Key>k</Key><Value>v</Value></Tag></Filter><Status>Enabled</Status>\(action)"),
            Self.one("<Filter><And></And></Filter><Status>Enabled</Status>\(action)"),
            Self.one("<Filter><And><Other/></And></Filter><Status>Enabled</Status>\(action)"),
            Self.one("<Filter><Tag><Key>k</Key></Tag></Filter><Status>Enabled</Status>\(action)"),
            Self.one("<Filter><Tag><Key></Key><Value>v</Value></Tag></Filter><Status>Enabled</Status>\(action)"),
            Self.one("<Filter><ObjectSizeLessThan>big</ObjectSizeLessThan></Filter><Status>Enabled</Status>\(action)"),
            Self.one("<Filter/><Status>Enabled</Status><Expiration></Expiration>"),
            Self.one("<Filter/><Status>Enabled</Status><Expiration><Days>1</Days><ExpiredObjectDeleteMarker>true</ExpiredObjectDeleteMarker></Expiration>"),
            Self.one("<Filter/><Status>Enabled</Status><Expiration><Date>2030-01-01T00:00:00Z</Date><ExpiredObjectDeleteMarker>true</ExpiredObjectDeleteMarker></Expiration>"),
            Self.one("<Filter/><Status>Enabled</Status><Expiration><Days>1</Days><Date>2030-01-01T00:00:00Z</Date></Expiration>"),
            Self.one("<Filter/><Status>Enabled</Status><Expiration><Days>1.5</Days></Expiration>"),
            Self.one("<Filter/><Status>Enabled</Status><Expiration><Days>99999999999</Days></Expiration>"),
            Self.one("<Filter/><Status>Enabled</Status><Expiration><Date>next tuesday</Date></Expiration>"),
            Self.one("<Filter/><Status>Enabled</Status><Expiration><Date>2030-01-01T00:00:00+1:00</Date></Expiration>"),
            Self.one("<Filter/><Status>Enabled</Status><Expiration><Date>2030-01-01T00:00:00+-1:00</Date></Expiration>"),
            Self.one("<Filter/><Status>Enabled</Status><Expiration><ExpiredObjectDeleteMarker>1</ExpiredObjectDeleteMarker></Expiration>"),
            Self.one("<Filter/><Status>Enabled</Status>\(action)\(action)"),
            Self.one("<Filter/><Status>Enabled</Status><NoncurrentVersionExpiration><NewerNoncurrentVersions>1</NewerNoncurrentVersions></NoncurrentVersionExpiration>"),
            Self.one("<Filter/><Status>Enabled</Status><AbortIncompleteMultipartUpload></AbortIncompleteMultipartUpload>"),
            Self.one("<Filter/><Status>Enabled</Status><Transition><Days>1</Days></Transition>"),
            Self.one("<Filter/><Status>Enabled</Status><Transition><Days>1</Days><StorageClass>STANDARD</StorageClass></Transition>"),
            Self.one("<Filter/><Status>Enabled</Status><Transition><StorageClass>GLACIER</StorageClass></Transition>"),
            Self.one("<Filter/><Status>Enabled</Status><NoncurrentVersionTransition><StorageClass>GLACIER</StorageClass></NoncurrentVersionTransition>"),
            Self.one("<Filter/><Status>Enabled</Status><Unknown/>\(action)"),
        ]
        for body in bodies {
            let e = Self.error(body)
            #expect(e?.code == "MalformedXML", "\(body) → \(String(describing: e))")
        }
    }

    @Test func ruleCount_isInvalidRequest() {
        let none = Self.error("<LifecycleConfiguration></LifecycleConfiguration>")
        #expect(none?.code == "InvalidRequest" && none?.message == "At least one lifecycle rule must be specified.")
        let rule = "<Rule><Filter/><Status>Enabled</Status><Expiration><Days>1</Days></Expiration></Rule>"
        #expect(Self.error("<LifecycleConfiguration>" + String(repeating: rule, count: 1000) + "</LifecycleConfiguration>") == nil)
        let many = Self.error("<LifecycleConfiguration>" + String(repeating: rule, count: 1001) + "</LifecycleConfiguration>")
        #expect(many?.code == "InvalidRequest")
        #expect(many?.message == "The number of lifecycle rules must not exceed the allowed limit of 1000 rules.")
    }

    @Test func ruleIDs_longOrDuplicate_areInvalidArgument() {
        let rest = "<Filter/><Status>Enabled</Status><Expiration><Days>1</Days></Expiration>"
        #expect(Self.error(Self.one("<ID>\(String(repeating: "i", count: 255))</ID>\(rest)")) == nil)
        let long = Self.error(Self.one("<ID>\(String(repeating: "i", count: 256))</ID>\(rest)"))
        #expect(long?.code == "InvalidArgument" && long?.message == "ID length should not exceed allowed limit of 255")
        let twice = Self.error("<LifecycleConfiguration><Rule><ID>r</ID>\(rest)</Rule><Rule><ID>r</ID>\(rest)</Rule></LifecycleConfiguration>")
        #expect(twice?.code == "InvalidArgument" && twice?.status == 400)
        #expect(twice?.message == "Rule ID must be unique. Found same ID for more than one rule")
    }

    @Test func ruleWithoutAction_isInvalidRequest() {
        let e = Self.error(Self.one("<ID>r</ID><Filter/><Status>Enabled</Status>"))
        #expect(e?.code == "InvalidRequest" && e?.message == "At least one action needs to be specified in a rule")
    }

    @Test func nonPositiveDays_areInvalidArgument() {
        let cases: [(String, String)] = [
            ("<Expiration><Days>0</Days></Expiration>", "'Days' for Expiration action must be a positive integer"),
            ("<Expiration><Days>-3</Days></Expiration>", "'Days' for Expiration action must be a positive integer"),
            ("<NoncurrentVersionExpiration><NoncurrentDays>0</NoncurrentDays></NoncurrentVersionExpiration>",
             "'NoncurrentDays' for NoncurrentVersionExpiration action must be a positive integer"),
            ("<NoncurrentVersionExpiration><NoncurrentDays>1</NoncurrentDays><NewerNoncurrentVersions>0</NewerNoncurrentVersions></NoncurrentVersionExpiration>",
             "'NewerNoncurrentVersions' for NoncurrentVersionExpiration action must be a positive integer"),
            ("<AbortIncompleteMultipartUpload><DaysAfterInitiation>0</DaysAfterInitiation></AbortIncompleteMultipartUpload>",
             "'DaysAfterInitiation' for AbortIncompleteMultipartUpload action must be a positive integer"),
            ("<Transition><Days>-1</Days><StorageClass>GLACIER</StorageClass></Transition>",
             "'Days' in Transition action must be greater than or equal to 0"),
        ]
        for (action, message) in cases {
            let e = Self.error(Self.one("<Filter/><Status>Enabled</Status>\(action)"))
            #expect(e?.code == "InvalidArgument", "\(action)")
            #expect(e?.message == message)
        }
    }

    @Test func dateNotAtMidnight_isInvalidArgument() {
        for date in ["2030-01-01T00:00:01Z", "2030-01-01T12:00:00Z", "2030-01-01T00:00:00.5Z", "2030-01-01T00:00:00+01:00"] {
            let e = Self.error(Self.one("<Filter/><Status>Enabled</Status><Expiration><Date>\(date)</Date></Expiration>"))
            #expect(e?.code == "InvalidArgument" && e?.message == "'Date' must be at midnight GMT", "\(date)")
        }
        let transition = Self.error(Self.one("<Filter/><Status>Enabled</Status><Transition><Date>2030-01-01T06:00:00Z</Date><StorageClass>GLACIER</StorageClass></Transition>"))
        #expect(transition?.message == "'Date' must be at midnight GMT")
    }

    @Test func abortOrDeleteMarker_withTagsOrSizes_isInvalidRequest() {
        let tag = "<Filter><Tag><Key>k</Key><Value>v</Value></Tag></Filter>"
        let andTag = "<Filter><And><Prefix>p</Prefix><Tag><Key>k</Key><Value>v</Value></Tag></And></Filter>"
        let size = "<Filter><ObjectSizeGreaterThan>5</ObjectSizeGreaterThan></Filter>"
        let abort = "<AbortIncompleteMultipartUpload><DaysAfterInitiation>1</DaysAfterInitiation></AbortIncompleteMultipartUpload>"
        let marker = "<Expiration><ExpiredObjectDeleteMarker>true</ExpiredObjectDeleteMarker></Expiration>"
        let cases: [(String, String)] = [
            (tag + abort, "AbortIncompleteMultipartUpload cannot be specified with Tags."),
            (andTag + abort, "AbortIncompleteMultipartUpload cannot be specified with Tags."),
            (size + abort, "AbortIncompleteMultipartUpload cannot be specified with Object Size."),
            (tag + marker, "ExpiredObjectDeleteMarker cannot be specified with Tags."),
            (size + marker, "ExpiredObjectDeleteMarker cannot be specified with Object Size."),
        ]
        for (rule, message) in cases {
            let e = Self.error(Self.one(rule.replacingOccurrences(of: "</Filter>", with: "</Filter><Status>Enabled</Status>")))
            #expect(e?.code == "InvalidRequest" && e?.message == message, "\(rule)")
        }
        // A prefix filter is fine beside both.
        #expect(Self.error(Self.one("<Filter><Prefix>p</Prefix></Filter><Status>Enabled</Status>\(abort)\(marker)")) == nil)
    }

    @Test func filterSizesAndTags_checkedAsS3Does() {
        func e(_ filter: String) -> S3Error? {
            Self.error(Self.one("<Filter>\(filter)</Filter><Status>Enabled</Status><Expiration><Days>1</Days></Expiration>"))
        }
        #expect(e("<ObjectSizeGreaterThan>-1</ObjectSizeGreaterThan>")?.code == "InvalidRequest")
        #expect(e("<ObjectSizeLessThan>0</ObjectSizeLessThan>")?.code == "InvalidRequest")
        let order = e("<And><ObjectSizeGreaterThan>10</ObjectSizeGreaterThan><ObjectSizeLessThan>10</ObjectSizeLessThan></And>")
        #expect(order?.code == "InvalidRequest" && order?.message == "'ObjectSizeLessThan' has to be a value greater than 'ObjectSizeGreaterThan'.")
        let dup = e("<And><Tag><Key>k</Key><Value>1</Value></Tag><Tag><Key>k</Key><Value>2</Value></Tag></And>")
        #expect(dup?.code == "InvalidRequest" && dup?.message == "Duplicate Tag Keys are not allowed.")
    }

    @Test func disabledRules_areValidatedToo() {
        #expect(Self.error(Self.one("<Filter/><Status>Disabled</Status><Expiration><Days>0</Days></Expiration>"))?.code == "InvalidArgument")
    }
}
