import Testing
@testable import PailS3

/// A request context from a dictionary.
final class DictionaryContext: PolicyContext {
    var values: [String: [String]]
    init(_ values: [String: [String]] = [:]) { self.values = values }
    func values(forKey key: String) -> [String]? { values[key] }
}

@Suite struct PolicyEvaluateTests {
    static let alice = PolicyRequester(ids: ["alice", "arn:aws:iam::000000000000:user/alice"],
                                       accountIDs: ["000000000000", "arn:aws:iam::000000000000:root"])

    static func policy(_ statements: String, bucket: String = "b") throws -> Policy {
        try Policy.parse(Array(#"{"Version":"2012-10-17","Statement":[\#(statements)]}"#.utf8), kind: .bucket(bucket))
    }

    static func verdict(_ p: Policy, _ action: S3Action, _ resource: String, _ who: PolicyRequester? = alice,
                        _ context: [String: [String]] = [:]) -> PolicyVerdict {
        p.evaluate(PolicyRequest(action: action, resource: resource, requester: who, context: DictionaryContext(context)))
    }

    @Test func evaluate_explicitDenyWinsOverAllow() throws {
        let p = try Self.policy("""
            {"Sid":"all","Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"arn:aws:s3:::b/*"},
            {"Sid":"nosecret","Effect":"Deny","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/secret/*"}
            """)
        #expect(Self.verdict(p, .getObject, "arn:aws:s3:::b/public/x") == .allow("all", direct: false))
        #expect(Self.verdict(p, .getObject, "arn:aws:s3:::b/secret/x") == .deny("nosecret"))
        #expect(Self.verdict(p, .putObject, "arn:aws:s3:::b/secret/x") == .allow("all", direct: false))
        #expect(Self.verdict(p, .listBucket, "arn:aws:s3:::b") == .none)
    }

    @Test func evaluate_principalByAccessKeyOrARN_anonymousOnlyByStar() throws {
        let p = try Self.policy(#"{"Sid":"a","Effect":"Allow","Principal":{"AWS":["arn:aws:iam::000000000000:user/alice"]},"Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}"#)
        #expect(Self.verdict(p, .getObject, "arn:aws:s3:::b/k").isAllow)
        #expect(Self.verdict(p, .getObject, "arn:aws:s3:::b/k", .anonymous) == .none)
        #expect(Self.verdict(p, .getObject, "arn:aws:s3:::b/k", PolicyRequester(ids: ["bob"])) == .none)
    }

    @Test func evaluate_accountPrincipal_deniesEveryoneButAllowsOnlyRoot() throws {
        let deny = try Self.policy(#"{"Effect":"Deny","Principal":{"AWS":"000000000000"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}"#)
        #expect(Self.verdict(deny, .getObject, "arn:aws:s3:::b/k").isDeny)
        let allow = try Self.policy(#"{"Effect":"Allow","Principal":{"AWS":"000000000000"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}"#)
        #expect(Self.verdict(allow, .getObject, "arn:aws:s3:::b/k") == .none)
    }

    @Test func evaluate_notPrincipalDeny_spareListed() throws {
        let p = try Self.policy(#"{"Effect":"Deny","NotPrincipal":{"AWS":"alice"},"Action":"s3:*","Resource":"arn:aws:s3:::b/*"}"#)
        #expect(Self.verdict(p, .getObject, "arn:aws:s3:::b/k") == .none)
        #expect(Self.verdict(p, .getObject, "arn:aws:s3:::b/k", .anonymous).isDeny)
    }

    @Test func evaluate_notActionAndNotResource_invertTheMatch() throws {
        let p = try Self.policy("""
            {"Sid":"onlyget","Effect":"Deny","Principal":"*","NotAction":"s3:GetObject","Resource":"arn:aws:s3:::b/ro/*"},
            {"Sid":"outside","Effect":"Deny","Principal":"*","Action":"s3:PutObject","NotResource":"arn:aws:s3:::b/up/*"}
            """)
        #expect(Self.verdict(p, .getObject, "arn:aws:s3:::b/ro/k") == .none)
        #expect(Self.verdict(p, .deleteObject, "arn:aws:s3:::b/ro/k") == .deny("onlyget"))
        #expect(Self.verdict(p, .putObject, "arn:aws:s3:::b/up/k") == .none)
        #expect(Self.verdict(p, .putObject, "arn:aws:s3:::b/elsewhere") == .deny("outside"))
    }

    @Test func evaluate_sessionARN_allowIsDirect() throws {
        let session = "arn:aws:sts::000000000000:assumed-role/r/s"
        let who = PolicyRequester(ids: ["arn:aws:iam::000000000000:role/r"], sessionARN: session)
        let p = try Self.policy("""
            {"Sid":"role","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::000000000000:role/r"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"},
            {"Sid":"sess","Effect":"Allow","Principal":{"AWS":"\(session)"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}
            """)
        #expect(Self.verdict(p, .getObject, "arn:aws:s3:::b/k", who) == .allow("sess", direct: true))
    }

    @Test func evaluate_stringConditions_andIfExists() throws {
        let p = try Self.policy(#"{"Sid":"home","Effect":"Allow","Principal":"*","Action":"s3:ListBucket","Resource":"arn:aws:s3:::b","Condition":{"StringLike":{"s3:prefix":["home/*",""]},"StringEqualsIfExists":{"s3:delimiter":"/"}}}"#)
        #expect(Self.verdict(p, .listBucket, "arn:aws:s3:::b", Self.alice, ["s3:prefix": ["home/a"]]).isAllow)
        #expect(Self.verdict(p, .listBucket, "arn:aws:s3:::b", Self.alice, ["s3:prefix": ["home/a"], "s3:delimiter": ["|"]]) == .none)
        #expect(Self.verdict(p, .listBucket, "arn:aws:s3:::b", Self.alice, ["s3:prefix": ["etc/"]]) == .none)
        #expect(Self.verdict(p, .listBucket, "arn:aws:s3:::b", Self.alice, [:]) == .none)
    }

    @Test func evaluate_negatedOperator_holdsWhenKeyIsAbsent() throws {
        let p = try Self.policy(#"{"Sid":"tls","Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"arn:aws:s3:::b/*","Condition":{"StringNotEquals":{"s3:x-amz-server-side-encryption":"AES256"}}}"#)
        #expect(Self.verdict(p, .putObject, "arn:aws:s3:::b/k", Self.alice, [:]).isDeny)
        #expect(Self.verdict(p, .putObject, "arn:aws:s3:::b/k", Self.alice, ["s3:x-amz-server-side-encryption": ["aws:kms"]]).isDeny)
        #expect(Self.verdict(p, .putObject, "arn:aws:s3:::b/k", Self.alice, ["s3:x-amz-server-side-encryption": ["AES256"]]) == .none)
    }

    @Test func evaluate_boolNullNumericDate() throws {
        let p = try Self.policy("""
            {"Sid":"https","Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"arn:aws:s3:::b/*","Condition":{"Bool":{"aws:SecureTransport":"false"}}},
            {"Sid":"tagged","Effect":"Deny","Principal":"*","Action":"s3:PutObject","Resource":"arn:aws:s3:::b/*","Condition":{"Null":{"s3:RequestObjectTag/team":"true"}}},
            {"Sid":"few","Effect":"Allow","Principal":"*","Action":"s3:ListBucket","Resource":"arn:aws:s3:::b","Condition":{"NumericLessThanEquals":{"s3:max-keys":"10"}}},
            {"Sid":"before","Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*","Condition":{"DateLessThan":{"aws:CurrentTime":"2030-01-01T00:00:00Z"}}}
            """)
        let tls = ["aws:securetransport": ["true"]]
        #expect(Self.verdict(p, .getObject, "arn:aws:s3:::b/k", Self.alice, ["aws:securetransport": ["false"]]) == .deny("https"))
        #expect(Self.verdict(p, .putObject, "arn:aws:s3:::b/k", Self.alice, tls) == .deny("tagged"))
        #expect(Self.verdict(p, .putObject, "arn:aws:s3:::b/k", Self.alice, tls.merging(["s3:requestobjecttag/team": ["x"]]) { a, _ in a }) == .none)
        #expect(Self.verdict(p, .listBucket, "arn:aws:s3:::b", Self.alice, tls.merging(["s3:max-keys": ["5"]]) { a, _ in a }).isAllow)
        #expect(Self.verdict(p, .listBucket, "arn:aws:s3:::b", Self.alice, tls.merging(["s3:max-keys": ["500"]]) { a, _ in a }) == .none)
        #expect(Self.verdict(p, .getObject, "arn:aws:s3:::b/k", Self.alice, tls.merging(["aws:currenttime": ["2025-06-01T00:00:00Z"]]) { a, _ in a }).isAllow)
        #expect(Self.verdict(p, .getObject, "arn:aws:s3:::b/k", Self.alice, tls.merging(["aws:currenttime": ["2031-06-01T00:00:00Z"]]) { a, _ in a }) == .none)
    }

    @Test func evaluate_ipAddress_v4v6AndMapped() throws {
        let p = try Self.policy(#"{"Sid":"lan","Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*","Condition":{"IpAddress":{"aws:SourceIp":["127.0.0.0/8","2001:db8::/32"]}}}"#)
        for ip in ["127.0.0.1", "::ffff:127.0.0.9", "2001:db8::1"] {
            #expect(Self.verdict(p, .getObject, "arn:aws:s3:::b/k", Self.alice, ["aws:sourceip": [ip]]).isAllow, "\(ip)")
        }
        for ip in ["10.0.0.1", "::1", "2001:db9::1"] {
            #expect(Self.verdict(p, .getObject, "arn:aws:s3:::b/k", Self.alice, ["aws:sourceip": [ip]]) == .none, "\(ip)")
        }
    }

    @Test func evaluate_setQualifiers() throws {
        let p = try Self.policy("""
            {"Sid":"any","Effect":"Allow","Principal":"*","Action":"s3:PutObject","Resource":"arn:aws:s3:::b/*","Condition":{"ForAnyValue:StringEquals":{"s3:RequestObjectTagKeys":["team","owner"]}}},
            {"Sid":"only","Effect":"Deny","Principal":"*","Action":"s3:PutObject","Resource":"arn:aws:s3:::b/*","Condition":{"ForAllValues:StringNotEquals":{"s3:RequestObjectTagKeys":["team","owner","env"]}}}
            """)
        func keys(_ k: [String]) -> [String: [String]] { ["s3:requestobjecttagkeys": k] }
        #expect(Self.verdict(p, .putObject, "arn:aws:s3:::b/k", Self.alice, keys(["team"])).isAllow)
        #expect(Self.verdict(p, .putObject, "arn:aws:s3:::b/k", Self.alice, keys(["team", "secret"])) == .allow("any", direct: false))
        #expect(Self.verdict(p, .putObject, "arn:aws:s3:::b/k", Self.alice, keys(["x"])) == .deny("only"))
        // ForAllValues holds for a request without the key; ForAnyValue does not.
        #expect(Self.verdict(p, .putObject, "arn:aws:s3:::b/k", Self.alice, [:]) == .deny("only"))
    }

    @Test func evaluate_policyVariables_inResourceAndValues() throws {
        let p = try Self.policy(#"{"Sid":"home","Effect":"Allow","Principal":"*","Action":["s3:GetObject","s3:ListBucket"],"Resource":["arn:aws:s3:::b/home/${aws:username}/*","arn:aws:s3:::b"],"Condition":{"StringLikeIfExists":{"s3:prefix":"home/${aws:username}/*"}}}"#)
        let ctx = ["aws:username": ["alice"]]
        #expect(Self.verdict(p, .getObject, "arn:aws:s3:::b/home/alice/x", Self.alice, ctx).isAllow)
        #expect(Self.verdict(p, .getObject, "arn:aws:s3:::b/home/bob/x", Self.alice, ctx) == .none)
        #expect(Self.verdict(p, .getObject, "arn:aws:s3:::b/home/alice/x", .anonymous, [:]) == .none)
        #expect(Self.verdict(p, .listBucket, "arn:aws:s3:::b", Self.alice, ctx.merging(["s3:prefix": ["home/alice/docs/"]]) { a, _ in a }).isAllow)
        #expect(Self.verdict(p, .listBucket, "arn:aws:s3:::b", Self.alice, ctx.merging(["s3:prefix": ["home/bob/"]]) { a, _ in a }) == .none)
    }

    @Test func evaluate_identityPolicy_ignoresPrincipal() throws {
        let p = try Policy.parse(Array(#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:Get*","Resource":"arn:aws:s3:::b/*"}]}"#.utf8), kind: .identity)
        #expect(p.evaluate(PolicyRequest(action: .getObject, resource: "arn:aws:s3:::b/k", requester: nil, context: DictionaryContext())).isAllow)
        #expect(p.evaluate(PolicyRequest(action: .putObject, resource: "arn:aws:s3:::b/k", requester: nil, context: DictionaryContext())) == .none)
    }

    @Test(arguments: [
        ("*", "anything/at/all", true), ("a*c", "abc", true), ("a*c", "ab/c", true), ("a?c", "abc", true),
        ("a?c", "ac", false), ("a*", "b", false), ("*/x", "a/b/x", true), ("ab", "abc", false), ("", "", true),
        ("h?llo", "héllo", true),
    ])
    func wildcard_matches(_ pattern: String, _ input: String, _ expected: Bool) {
        #expect(Wildcard.matches(pattern, input) == expected)
    }

    @Test func json_keepsOrderRepeatsAndTypes() {
        let v = PolicyJSON.parse(#"{"a":1,"b":true,"a":"x\u00e9\ud83d\ude00","c":[null,-2.5e3]}"#)
        #expect(v == .object([PolicyJSONMember("a", .number("1")), PolicyJSONMember("b", .bool(true)), PolicyJSONMember("a", .string("xé😀")),
                              PolicyJSONMember("c", .array([.null, .number("-2.5e3")]))]))
        #expect(PolicyJSON.parse(#"{"a":}"#) == nil && PolicyJSON.parse("[1,]") == nil && PolicyJSON.parse("01") == nil)
        #expect(PolicyJSON.parse(#"{"k":"v\n"}"#)?.serialized == #"{"k":"v\n"}"#)
    }
}
