import Foundation
import Testing
@testable import PailS3

@Suite struct LifecycleEvaluatorTests {
    static func at(_ s: String) -> Date { S3Date.parseISO8601(s)! }

    static func evaluator(_ rules: LifecycleRule...) -> LifecycleEvaluator {
        LifecycleEvaluator(LifecycleConfiguration(rules: rules))
    }

    static let none = TagSet()

    // MARK: Day rounding

    @Test func days_countFromCreation_roundedUpToNextMidnightUTC() {
        #expect(LifecycleEvaluator.due(after: Self.at("2024-01-01T15:00:00Z"), days: 1) == Self.at("2024-01-03T00:00:00Z"))
        // The API guide's example: created 1/15/2014 10:30 UTC, 3 days → 1/19/2014 00:00 UTC.
        #expect(LifecycleEvaluator.due(after: Self.at("2014-01-15T10:30:00Z"), days: 3) == Self.at("2014-01-19T00:00:00Z"))
        #expect(LifecycleEvaluator.due(after: Self.at("2024-01-01T00:00:00.001Z"), days: 1) == Self.at("2024-01-03T00:00:00Z"))
        #expect(LifecycleEvaluator.due(after: Self.at("2024-01-01T23:59:59.999Z"), days: 1) == Self.at("2024-01-03T00:00:00Z"))
        // Already exactly midnight: nothing to round.
        #expect(LifecycleEvaluator.due(after: Self.at("2024-01-01T00:00:00Z"), days: 1) == Self.at("2024-01-02T00:00:00Z"))
        // Across a leap day.
        #expect(LifecycleEvaluator.due(after: Self.at("2024-02-28T08:00:00Z"), days: 1) == Self.at("2024-03-01T00:00:00Z"))
    }

    @Test func currentVersionAction_daysRule_expiresOnlyOnceDue() {
        let e = Self.evaluator(LifecycleRule(id: "one-day", filter: .all, expiration: .days(1)))
        let created = Self.at("2024-01-01T15:00:00Z")
        #expect(e.currentVersionAction(key: "k", size: 1, tags: Self.none, lastModified: created, now: Self.at("2024-01-02T23:59:59Z")) == nil)
        #expect(e.currentVersionAction(key: "k", size: 1, tags: Self.none, lastModified: created, now: Self.at("2024-01-03T00:00:00Z"))
                == LifecycleDecision(ruleID: "one-day", due: Self.at("2024-01-03T00:00:00Z")))
        #expect(e.currentVersionAction(key: "k", size: 1, tags: Self.none, lastModified: created, now: Self.at("2025-01-01T00:00:00Z")) != nil)
    }

    @Test func currentVersionAction_dateRule_onOrAfterTheDate_forOldAndNewObjects() {
        let date = Self.at("2024-06-01T00:00:00Z")
        let e = Self.evaluator(LifecycleRule(id: "dated", filter: .all, expiration: .date(date)))
        let old = Self.at("2020-01-01T00:00:00Z")
        #expect(e.currentVersionAction(key: "k", size: 1, tags: Self.none, lastModified: old, now: Self.at("2024-05-31T23:59:59Z")) == nil)
        #expect(e.currentVersionAction(key: "k", size: 1, tags: Self.none, lastModified: old, now: date) == LifecycleDecision(ruleID: "dated", due: date))
        // An object written after the date is due at once.
        let new = Self.at("2024-07-01T12:00:00Z")
        #expect(e.currentVersionAction(key: "k", size: 1, tags: Self.none, lastModified: new, now: new)?.ruleID == "dated")
    }

    @Test func earliestRuleWins_tieGoesToFirstListed() {
        let e = Self.evaluator(
            LifecycleRule(id: "year", filter: .all, expiration: .days(365)),
            LifecycleRule(id: "month", filter: .prefix("logs/"), expiration: .days(30)),
            LifecycleRule(id: "month-too", prefix: "logs/", expiration: .days(30)),
            LifecycleRule(id: "off", isEnabled: false, filter: .prefix("logs/"), expiration: .days(1)))
        let created = Self.at("2026-01-01T12:00:00Z")
        #expect(e.currentVersionExpiry(key: "logs/a", size: 1, tags: Self.none, lastModified: created)
                == LifecycleDecision(ruleID: "month", due: Self.at("2026-02-01T00:00:00Z")))
        #expect(e.currentVersionExpiry(key: "docs/a", size: 1, tags: Self.none, lastModified: created)?.ruleID == "year")
    }

    @Test func disabledRules_andDeleteMarkerRules_doNotExpireCurrentVersions() {
        let e = Self.evaluator(
            LifecycleRule(id: "off", isEnabled: false, filter: .all, expiration: .days(1), noncurrentVersionExpiration: NoncurrentVersionExpiration(noncurrentDays: 1),
                          abortIncompleteMultipartUploadDays: 1),
            LifecycleRule(id: "marker", filter: .all, expiration: .expiredObjectDeleteMarker(true)),
            LifecycleRule(id: "transition", filter: .all, transitions: [LifecycleTransition(days: 0, storageClass: "GLACIER")]))
        let old = Self.at("2000-01-01T00:00:00Z"), now = Self.at("2030-01-01T00:00:00Z")
        #expect(e.currentVersionAction(key: "k", size: 1, tags: Self.none, lastModified: old, now: now) == nil)
        #expect(e.expirationHeader(key: "k", size: 1, tags: Self.none, lastModified: old) == nil)
        #expect(!e.noncurrentAction(key: "k", size: 1, tags: Self.none, noncurrentSince: old, newerNoncurrentCount: 0, now: now))
        #expect(!e.abortUpload(key: "k", initiated: old, now: now))
    }

    // MARK: Filters

    @Test func prefixFilter_isACaseSensitiveBytePrefix() {
        let e = Self.evaluator(LifecycleRule(id: "p", filter: .prefix("Logs/é"), expiration: .days(1)))
        let old = Self.at("2000-01-01T00:00:00Z"), now = Self.at("2030-01-01T00:00:00Z")
        #expect(e.currentVersionAction(key: "Logs/été", size: 1, tags: Self.none, lastModified: old, now: now) != nil)
        #expect(e.currentVersionAction(key: "logs/été", size: 1, tags: Self.none, lastModified: old, now: now) == nil)
        #expect(e.currentVersionAction(key: "Logs/", size: 1, tags: Self.none, lastModified: old, now: now) == nil)
        let legacy = Self.evaluator(LifecycleRule(id: "all", prefix: "", expiration: .days(1)))
        #expect(legacy.currentVersionAction(key: "anything", size: 1, tags: Self.none, lastModified: old, now: now) != nil)
    }

    @Test func sizeFilters_areStrict() {
        let old = Self.at("2000-01-01T00:00:00Z"), now = Self.at("2030-01-01T00:00:00Z")
        let e = Self.evaluator(LifecycleRule(id: "mid", filter: .and(LifecycleFilterAnd(objectSizeGreaterThan: 128, objectSizeLessThan: 1024)), expiration: .days(1)))
        let expires = { (size: Int64) in e.currentVersionAction(key: "k", size: size, tags: Self.none, lastModified: old, now: now) != nil }
        #expect(!expires(128) && expires(129) && expires(1023) && !expires(1024))
        let big = Self.evaluator(LifecycleRule(id: "big", filter: .objectSizeGreaterThan(10), expiration: .days(1)))
        #expect(big.currentVersionAction(key: "k", size: 10, tags: Self.none, lastModified: old, now: now) == nil)
        #expect(big.currentVersionAction(key: "k", size: 11, tags: Self.none, lastModified: old, now: now) != nil)
        let small = Self.evaluator(LifecycleRule(id: "small", filter: .objectSizeLessThan(10), expiration: .days(1)))
        #expect(small.currentVersionAction(key: "k", size: 9, tags: Self.none, lastModified: old, now: now) != nil)
        #expect(small.currentVersionAction(key: "k", size: 10, tags: Self.none, lastModified: old, now: now) == nil)
    }

    @Test func tagFilters_needEveryTagWithItsExactValue() {
        let old = Self.at("2000-01-01T00:00:00Z"), now = Self.at("2030-01-01T00:00:00Z")
        let e = Self.evaluator(
            LifecycleRule(id: "tag", filter: .tag(Tag(key: "tier", value: "tmp")), expiration: .days(1)),
            LifecycleRule(id: "and", filter: .and(LifecycleFilterAnd(prefix: "docs/", tags: [Tag(key: "a", value: "1"), Tag(key: "b", value: "")])), expiration: .days(2)))
        func rule(_ key: String, _ tags: [(String, String)]) -> String? {
            e.currentVersionAction(key: key, size: 1, tags: TagSet(tags.map { Tag(key: $0.0, value: $0.1) }), lastModified: old, now: now)?.ruleID
        }
        #expect(rule("x", [("other", "1"), ("tier", "tmp")]) == "tag")
        #expect(rule("x", [("tier", "TMP")]) == nil)
        #expect(rule("x", [("Tier", "tmp")]) == nil)
        #expect(rule("docs/x", [("a", "1"), ("b", ""), ("c", "3")]) == "and")
        #expect(rule("docs/x", [("a", "1")]) == nil)
        #expect(rule("docs/x", [("a", "1"), ("b", "x")]) == nil)
        #expect(rule("other/x", [("a", "1"), ("b", "")]) == nil)
    }

    // MARK: Delete markers

    @Test func expiredDeleteMarker_removedAtOnce_onlyWhenOnlyVersion() {
        let e = Self.evaluator(
            LifecycleRule(id: "m", filter: .prefix("a/"), expiration: .expiredObjectDeleteMarker(true)),
            LifecycleRule(id: "kept", filter: .prefix("b/"), expiration: .expiredObjectDeleteMarker(false)),
            LifecycleRule(id: "off", isEnabled: false, filter: .prefix("c/"), expiration: .expiredObjectDeleteMarker(true)))
        let created = Self.at("2024-01-01T10:00:00Z")
        #expect(e.expiredDeleteMarker(key: "a/x", created: created, isOnlyVersion: true, now: created))
        #expect(!e.expiredDeleteMarker(key: "a/x", created: created, isOnlyVersion: false, now: Self.at("2030-01-01T00:00:00Z")))
        #expect(!e.expiredDeleteMarker(key: "b/x", created: created, isOnlyVersion: true, now: Self.at("2030-01-01T00:00:00Z")))
        #expect(!e.expiredDeleteMarker(key: "c/x", created: created, isOnlyVersion: true, now: Self.at("2030-01-01T00:00:00Z")))
        #expect(!e.expiredDeleteMarker(key: "z/x", created: created, isOnlyVersion: true, now: Self.at("2030-01-01T00:00:00Z")))
    }

    @Test func expiredDeleteMarker_underDaysRule_onceOldEnough() {
        let e = Self.evaluator(LifecycleRule(id: "d", filter: .prefix("a/"), expiration: .days(5)),
                               LifecycleRule(id: "tagged", filter: .tag(Tag(key: "k", value: "v")), expiration: .days(1)),
                               LifecycleRule(id: "dated", filter: .prefix("d/"), expiration: .date(Self.at("2020-01-01T00:00:00Z"))))
        let created = Self.at("2026-01-01T10:30:00Z")
        #expect(!e.expiredDeleteMarker(key: "a/x", created: created, isOnlyVersion: true, now: Self.at("2026-01-06T23:59:59Z")))
        #expect(e.expiredDeleteMarker(key: "a/x", created: created, isOnlyVersion: true, now: Self.at("2026-01-07T00:00:00Z")))
        // A marker carries no tags; a Date rule does not clean up markers.
        #expect(!e.expiredDeleteMarker(key: "x", created: created, isOnlyVersion: true, now: Self.at("2030-01-01T00:00:00Z")))
        #expect(!e.expiredDeleteMarker(key: "d/x", created: created, isOnlyVersion: true, now: Self.at("2030-01-01T00:00:00Z")))
    }

    // MARK: Noncurrent versions

    @Test func noncurrentAction_countsFromNoncurrentSince_roundedUp() {
        let e = Self.evaluator(LifecycleRule(id: "nc", filter: .all, noncurrentVersionExpiration: NoncurrentVersionExpiration(noncurrentDays: 3)))
        let since = Self.at("2014-01-15T10:30:00Z")
        #expect(!e.noncurrentAction(key: "k", size: 1, tags: Self.none, noncurrentSince: since, newerNoncurrentCount: 0, now: Self.at("2014-01-18T23:59:59Z")))
        #expect(e.noncurrentAction(key: "k", size: 1, tags: Self.none, noncurrentSince: since, newerNoncurrentCount: 0, now: Self.at("2014-01-19T00:00:00Z")))
    }

    @Test func newerNoncurrentVersions_keepsTheNewestN() {
        // s3-tests' newer-noncurrent case: of nine noncurrent versions with N = 5, the four oldest go.
        let e = Self.evaluator(LifecycleRule(id: "nc", filter: .all, noncurrentVersionExpiration: NoncurrentVersionExpiration(noncurrentDays: 1, newerNoncurrentVersions: 5)))
        let since = Self.at("2024-01-01T00:00:00Z"), now = Self.at("2030-01-01T00:00:00Z")
        let expired = (0..<9).filter { e.noncurrentAction(key: "k", size: 1, tags: Self.none, noncurrentSince: since, newerNoncurrentCount: $0, now: now) }
        #expect(expired == [5, 6, 7, 8])
        // Kept by count is not enough on its own: the version must also be old enough.
        #expect(!e.noncurrentAction(key: "k", size: 1, tags: Self.none, noncurrentSince: since, newerNoncurrentCount: 7, now: Self.at("2024-01-01T12:00:00Z")))
    }

    @Test func noncurrentAction_respectsFilters() {
        let e = Self.evaluator(LifecycleRule(id: "nc", filter: .and(LifecycleFilterAnd(prefix: "p/", objectSizeGreaterThan: 100)),
                                             noncurrentVersionExpiration: NoncurrentVersionExpiration(noncurrentDays: 1)))
        let since = Self.at("2024-01-01T00:00:00Z"), now = Self.at("2030-01-01T00:00:00Z")
        #expect(e.noncurrentAction(key: "p/a", size: 101, tags: Self.none, noncurrentSince: since, newerNoncurrentCount: 0, now: now))
        #expect(!e.noncurrentAction(key: "p/a", size: 100, tags: Self.none, noncurrentSince: since, newerNoncurrentCount: 0, now: now))
        #expect(!e.noncurrentAction(key: "q/a", size: 101, tags: Self.none, noncurrentSince: since, newerNoncurrentCount: 0, now: now))
    }

    // MARK: Multipart uploads

    @Test func abortUpload_byPrefix_afterDaysRoundedUp() {
        let e = Self.evaluator(LifecycleRule(id: "slow", filter: .all, abortIncompleteMultipartUploadDays: 7),
                               LifecycleRule(id: "fast", prefix: "tmp/", abortIncompleteMultipartUploadDays: 2))
        let started = Self.at("2026-09-29T10:15:00Z")
        #expect(e.abortRule(key: "tmp/a", initiated: started) == LifecycleDecision(ruleID: "fast", due: Self.at("2026-10-02T00:00:00Z")))
        #expect(e.abortRule(key: "other", initiated: started)?.ruleID == "slow")
        #expect(!e.abortUpload(key: "tmp/a", initiated: started, now: Self.at("2026-10-01T23:59:59Z")))
        #expect(e.abortUpload(key: "tmp/a", initiated: started, now: Self.at("2026-10-02T00:00:00Z")))
        #expect(Self.evaluator(LifecycleRule(id: "x", filter: .all, expiration: .days(1))).abortRule(key: "k", initiated: started) == nil)
    }

    // MARK: x-amz-expiration

    @Test func expirationHeader_matchesAWSForm() {
        let e = Self.evaluator(LifecycleRule(id: "picture-deletion-rule", filter: .prefix("pictures/"), expiration: .days(1)))
        #expect(e.expirationHeader(key: "pictures/a.jpg", size: 1, tags: Self.none, lastModified: Self.at("2012-12-21T15:00:00Z"))
                == #"expiry-date="Sun, 23 Dec 2012 00:00:00 GMT", rule-id="picture-deletion-rule""#)
        #expect(e.expirationHeader(key: "docs/a", size: 1, tags: Self.none, lastModified: Self.at("2012-12-21T15:00:00Z")) == nil)
        let dated = Self.evaluator(LifecycleRule(id: "Rule for testfile.txt", filter: .all, expiration: .date(Self.at("2012-12-21T00:00:00Z"))))
        #expect(dated.expirationHeader(key: "testfile.txt", size: 1, tags: Self.none, lastModified: Self.at("2012-01-01T00:00:00Z"))
                == #"expiry-date="Fri, 21 Dec 2012 00:00:00 GMT", rule-id="Rule for testfile.txt""#)
    }

    @Test func expirationHeader_earliestRuleWins_andOddIDsAreEncoded() {
        let e = Self.evaluator(LifecycleRule(id: "late", filter: .all, expiration: .days(10)),
                               LifecycleRule(id: "naïve \"id\"", filter: .all, expiration: .days(2)))
        #expect(e.expirationHeader(key: "k", size: 1, tags: Self.none, lastModified: Self.at("2024-01-01T15:00:00Z"))
                == #"expiry-date="Thu, 04 Jan 2024 00:00:00 GMT", rule-id="na%C3%AFve%20%22id%22""#)
    }
}
