import Foundation
import Testing
@testable import PailS3

@Suite struct PostPolicyTests {
    static func policy(_ json: String) throws -> PostPolicy {
        try PostPolicy.parse(base64: Array(json.utf8).base64)
    }

    static func error(_ body: () throws -> Void) -> S3Error? {
        do { try body(); return nil } catch let e as S3Error { return e } catch { return nil }
    }

    static func check(_ conditions: String, _ fields: [(String, String)], bucket: String = "photos") throws -> (min: Int64, max: Int64)? {
        try policy(#"{"expiration": "2030-01-01T00:00:00.000Z", "conditions": "# + conditions + "}")
            .check(fields: fields.map { (name: $0.0, value: $0.1) }, bucket: bucket)
    }

    static func failure(_ conditions: String, _ fields: [(String, String)], bucket: String = "photos") -> String? {
        error { _ = try check(conditions, fields, bucket: bucket) }.map { "\($0.code) \($0.status) \($0.message)" }
    }

    @Test func parse_readsExpirationAndConditions() throws {
        let p = try Self.policy(#"{"expiration": "2015-12-30T12:00:00.000Z", "conditions": [{"bucket": "sigv4examplebucket"}, ["starts-with", "$key", "user/user1/"], ["content-length-range", 1, "10"], ["EQ", "$Content-Type", "image/png"]]}"#)
        #expect(p.expiration == S3Date.parseISO8601("2015-12-30T12:00:00Z"))
        #expect(p.conditions == [
            PostPolicyCondition(field: "bucket", test: .equals("sigv4examplebucket"), text: #"{"bucket": "sigv4examplebucket"}"#),
            PostPolicyCondition(field: "key", test: .startsWith("user/user1/"), text: #"["starts-with", "$key", "user/user1/"]"#),
            PostPolicyCondition(field: "", test: .contentLengthRange(min: 1, max: 10), text: #"["content-length-range", 1, "10"]"#),
            PostPolicyCondition(field: "content-type", test: .equals("image/png"), text: #"["EQ", "$Content-Type", "image/png"]"#),
        ])
    }

    @Test func parse_badDocuments_areInvalidPolicyDocument() {
        let cases: [(String, String)] = [
            ("not base64!", "Invalid Policy: Invalid JSON."),
            (Array("{not json".utf8).base64, "Invalid Policy: Invalid JSON."),
            (Array("[1]".utf8).base64, "Invalid Policy: Invalid JSON."),
            (Array(#"{"conditions": []}"#.utf8).base64, "Invalid Policy: Policy missing expiration."),
            (Array(#"{"expiration": "tomorrow", "conditions": []}"#.utf8).base64, "Invalid Policy: Invalid 'expiration' value: 'tomorrow'"),
            (Array(#"{"expiration": "2030-01-01T00:00:00Z"}"#.utf8).base64, "Invalid Policy: Policy missing conditions."),
            (Array(#"{"expiration": "2030-01-01T00:00:00Z", "conditions": [{"a": "1", "b": "2"}]}"#.utf8).base64,
             "Invalid Policy: Invalid Simple-Condition: Simple-Conditions must have exactly one property specified."),
            (Array(#"{"expiration": "2030-01-01T00:00:00Z", "conditions": [{"a": 1}]}"#.utf8).base64,
             "Invalid Policy: Invalid Simple-Condition: value must be a string."),
        ]
        for (field, message) in cases {
            let e = Self.error { _ = try PostPolicy.parse(base64: field) }
            #expect(e?.code == "InvalidPolicyDocument", "\(field)")
            #expect(e?.status == 400)
            #expect(e?.message == message)
        }
    }

    @Test func parse_ignoresWhitespaceInTheField() throws {
        let b64 = Array(#"{"expiration": "2030-01-01T00:00:00Z", "conditions": []}"#.utf8).base64
        let wrapped = String(b64.prefix(20)) + "\n" + String(b64.dropFirst(20))
        #expect(try PostPolicy.parse(base64: wrapped).conditions.isEmpty)
    }

    @Test func check_exactAndPrefixMatches_hold() throws {
        let range = try Self.check(#"[{"bucket": "photos"}, ["starts-with", "$key", "user/"], {"acl": "public-read"}, ["eq", "$x-amz-meta-uuid", "14365123651274"], ["starts-with", "$Content-Type", "image/"], ["starts-with", "$x-amz-meta-tag", ""], ["content-length-range", 10, 100]]"#,
                                   [("key", "user/a.jpg"), ("ACL", "public-read"), ("x-amz-meta-uuid", "14365123651274"),
                                    ("content-type", "image/jpeg"), ("x-amz-meta-tag", "anything"), ("policy", "…"),
                                    ("x-amz-signature", "…"), ("x-ignore-submit", "Upload")])
        #expect(range?.min == 10 && range?.max == 100)
    }

    @Test func check_failingCondition_quotesIt() {
        let failed = "AccessDenied 403 Invalid according to Policy: Policy Condition failed: "
        #expect(Self.failure(#"[{"bucket": "other"}]"#, []) == failed + #"{"bucket": "other"}"#)
        #expect(Self.failure(#"[{"bucket": "photos"}, ["eq", "$key", "a"]]"#, [("key", "b")]) == failed + #"["eq", "$key", "a"]"#)
        #expect(Self.failure(#"[{"bucket": "photos"}, ["starts-with", "$key", "user/"]]"#, [("key", "admin/x")]) == failed + #"["starts-with", "$key", "user/"]"#)
        // A field the form lacks is the empty string: an exact match fails.
        #expect(Self.failure(#"[{"bucket": "photos"}, {"Content-Type": "image/png"}]"#, []) == failed + #"{"Content-Type": "image/png"}"#)
        // Content-Type lists: every member must match.
        #expect(Self.failure(#"[{"bucket": "photos"}, ["starts-with", "$Content-Type", "image/"]]"#, [("Content-Type", "image/png, text/html")])
                == failed + #"["starts-with", "$Content-Type", "image/"]"#)
        #expect(Self.failure(#"[{"bucket": "photos"}, ["starts-with", "$Content-Type", "image/"]]"#, [("Content-Type", "image/png, image/gif")]) == nil)
    }

    @Test func check_conditionsS3CannotUse_neverHold() {
        let failed = "AccessDenied 403 Invalid according to Policy: Policy Condition failed: "
        for condition in [#"["matches", "$key", "a"]"#, #"["eq", "key", "a"]"#, #"["eq", "$key"]"#, #"["eq", "$key", 1]"#,
                          #"["starts-with", "$bucket", "ph"]"#, #"["starts-with", "$success_action_status", "2"]"#,
                          #"["starts-with", "$x-amz-credential", "AK"]"#, #"["content-length-range", "a", 10]"#,
                          #"["content-length-range", -1, 10]"#] {
            #expect(Self.failure(#"[{"bucket": "photos"}, "# + condition + "]", [("key", "a")]) == failed + condition)
        }
        // starts-with is allowed for user metadata.
        #expect(Self.failure(#"[{"bucket": "photos"}, ["starts-with", "$x-amz-meta-a", "v"]]"#, [("x-amz-meta-a", "value")]) == nil)
    }

    @Test func check_fieldsNoConditionNames_areExtraInputFields() {
        let extra = "AccessDenied 403 Invalid according to Policy: Extra input fields: "
        #expect(Self.failure(#"[["starts-with", "$key", ""]]"#, [("key", "a")]) == extra + "bucket")
        #expect(Self.failure(#"[{"bucket": "photos"}]"#, [("key", "a"), ("Content-Type", "x"), ("AWSAccessKeyId", "AK"), ("signature", "s")])
                == extra + "key, content-type")
        #expect(Self.failure(#"[{"bucket": "photos"}, ["starts-with", "$key", ""]]"#, [("key", "a"), ("x-ignore-me", "1"), ("file", "")]) == nil)
    }

    @Test func check_requestBucket_winsOverABucketField() {
        #expect(Self.failure(#"[{"bucket": "photos"}]"#, [("bucket", "other")], bucket: "photos") == nil)
        #expect(Self.failure(#"[{"bucket": "photos"}]"#, [("bucket", "photos")], bucket: "other") != nil)
    }

    @Test func check_contentLengthRanges_intersect() throws {
        let range = try Self.check(#"[{"bucket": "photos"}, ["content-length-range", 0, 100], ["content-length-range", 10, 1000]]"#, [])
        #expect(range?.min == 10 && range?.max == 100)
        #expect(try Self.check(#"[{"bucket": "photos"}]"#, []) == nil)
    }

    /// Signatures computed independently (Python's hmac) over the policy field as sent.
    @Test func signatures_v4AndV2() {
        let policy = "eyJleHBpcmF0aW9uIjogIjIwMzAtMDEtMDFUMDA6MDA6MDBaIiwgImNvbmRpdGlvbnMiOiBbeyJidWNrZXQiOiAiYiJ9XX0="
        let secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
        let key = HMACKey(.sha256, key: SigV4.signingKey(secret: secret, date: "20151229", region: "us-east-1", service: "s3"))
        #expect(PostPolicySignature.v4(policy: policy, signingKey: key) == "bdef3fb2594438e3711a740b876db71185857a7456bdd7787e7b1fce1ca79ee2")
        #expect(PostPolicySignature.v2(policy: policy, secret: secret) == "gXIBTrPeDkMakegS0Nl0IaRFsxA=")
    }

    @Test func credential_parts() {
        let c = PostPolicySignature.credential("AKIAIOSFODNN7EXAMPLE/20151229/us-east-1/s3/aws4_request")
        #expect(c == PostPolicySignature.Credential(accessKey: "AKIAIOSFODNN7EXAMPLE", date: "20151229", region: "us-east-1", service: "s3"))
        #expect(PostPolicySignature.credential("AKIA/2015/us-east-1/s3/aws4_request") == nil)
        #expect(PostPolicySignature.credential("AKIA/20151229/us-east-1/s3") == nil)
    }
}
