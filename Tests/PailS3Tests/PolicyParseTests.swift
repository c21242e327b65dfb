import Testing
@testable import PailS3

@Suite struct PolicyParseTests {
    static func parse(_ text: String, kind: Policy.Kind = .bucket("photos")) throws -> Policy {
        try Policy.parse(Array(text.utf8), kind: kind)
    }

    static func message(_ text: String, kind: Policy.Kind = .bucket("photos")) -> String? {
        do { _ = try parse(text, kind: kind); return nil } catch let e as PolicyError { return e.message } catch { return "\(error)" }
    }

    static func statement(_ body: String) -> String {
        #"{"Version":"2012-10-17","Statement":[{\#(body)}]}"#
    }

    @Test func parse_publicReadPolicy_readsEveryElement() throws {
        let p = try Self.parse(Self.statement(#""Sid":"PublicRead","Effect":"Allow","Principal":"*","Action":["s3:GetObject","s3:GetObjectVersion"],"Resource":"arn:aws:s3:::photos/*""#))
        #expect(p.version == "2012-10-17")
        #expect(p.statements.count == 1)
        let s = p.statements[0]
        #expect(s.label == "PublicRead" && s.allows && s.principals?.everyone == true)
        #expect(s.actions.members == [.getObject, .getObjectVersion])
        #expect(s.resources.map(\.text) == ["arn:aws:s3:::photos/*"])
    }

    @Test func parse_wildcardActions_expandCaseInsensitively() throws {
        let p = try Self.parse(Self.statement(#""Effect":"Deny","Principal":{"AWS":"*"},"Action":"S3:get*","Resource":["arn:aws:s3:::photos","arn:aws:s3:::photos/*"]"#))
        let actions = p.statements[0].actions
        #expect(actions.contains(.getObject) && actions.contains(.getBucketAcl) && !actions.contains(.putObject))
        #expect(p.statements[0].label == "Statement[0]")
    }

    @Test func parse_singleStatementObject_isAccepted() throws {
        let p = try Self.parse(#"{"Statement":{"Effect":"Allow","Principal":"*","Action":"s3:ListBucket","Resource":"arn:aws:s3:::photos"}}"#)
        #expect(p.version == "2008-10-17" && !p.substitutesVariables)
    }

    @Test(arguments: [
        (" {}", "Policies must be valid JSON and the first byte must be '{'"),
        ("{\"Statement\": [", "This policy contains invalid Json"),
        (#"{"Version":"2012-10-17"}"#, "Missing required field Statement"),
        (#"{"Version":"2012-10-17","Statement":[]}"#, "Could not parse the policy: Statement is empty!"),
        (#"{"Version":"2020-01-01","Statement":[]}"#, "The policy must contain a valid version string"),
        (#"{"Version":"2012-10-17","Statement":[],"Extra":1}"#, "Invalid policy syntax."),
    ])
    func parse_badDocument_givesS3Message(_ text: String, _ expected: String) {
        #expect(Self.message(text) == expected)
    }

    @Test(arguments: [
        (#""Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::photos/*""#, "Missing required field Effect"),
        (#""Effect":"Maybe","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::photos/*""#, "Invalid effect: Maybe"),
        (#""Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::photos/*""#, "Missing required field Principal"),
        (#""Effect":"Allow","Principal":{"AWS":"arn:aws:iam::bad"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::photos/*""#, "Invalid principal in policy"),
        (#""Effect":"Allow","NotPrincipal":{"AWS":"alice"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::photos/*""#, "Invalid principal in policy"),
        (#""Effect":"Allow","Principal":"*","Resource":"arn:aws:s3:::photos/*""#, "Missing required field Action"),
        (#""Effect":"Allow","Principal":"*","Action":"s3:FlyAway","Resource":"arn:aws:s3:::photos/*""#, "Policy has invalid action"),
        (#""Effect":"Allow","Principal":"*","Action":"ec2:RunInstances","Resource":"arn:aws:s3:::photos/*""#, "Policy has invalid action"),
        (#""Effect":"Allow","Principal":"*","Action":"s3:GetObject""#, "Missing required field Resource"),
        (#""Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::other/*""#, "Policy has invalid resource"),
        (#""Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"*""#, "Policy has invalid resource"),
        (#""Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::photos""#, "Action does not apply to any resource(s) in statement"),
        (#""Effect":"Allow","Principal":"*","Action":"s3:ListBucket","Resource":"arn:aws:s3:::photos/*""#, "Action does not apply to any resource(s) in statement"),
        (#""Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::photos/*","Condition":{"StringEqualz":{"s3:prefix":"a"}}"#, "Invalid Condition type : StringEqualz"),
        (#""Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::photos/*","Condition":{"StringEquals":{"s3:x-acl":"a"}}"#, "Policy has an invalid condition key"),
        (#""Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::photos/*","Condition":{"IpAddress":{"aws:SourceIp":"300.1.2.3/8"}}"#, "Invalid IP address in Conditions"),
        (#""Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::photos/*","Condition":{"NullIfExists":{"s3:prefix":"true"}}"#, "Invalid Condition type : NullIfExists"),
        (#""Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::photos/*","Bogus":1"#, "Invalid policy syntax."),
        (#""Effect":"Allow","Principal":"*","Action":"s3:GetObject","NotAction":"s3:PutObject","Resource":"arn:aws:s3:::photos/*""#, "Invalid policy syntax."),
    ])
    func parse_badStatement_givesS3Message(_ body: String, _ expected: String) {
        #expect(Self.message(Self.statement(body)) == expected)
    }

    @Test func parse_repeatedSid_isRefused() {
        let s = #"{"Sid":"A","Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::photos/*"}"#
        #expect(Self.message(#"{"Version":"2012-10-17","Statement":[\#(s),\#(s)]}"#) == "Invalid policy syntax.")
    }

    @Test func parse_unknownPrincipal_isRefusedThroughTheValidator() {
        let text = Self.statement(#""Effect":"Allow","Principal":{"AWS":"arn:aws:iam::000000000000:user/ghost"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::photos/*""#)
        #expect(throws: PolicyError("Invalid principal in policy")) {
            try Policy.parse(Array(text.utf8), kind: .bucket("photos")) { _ in false }
        }
    }

    @Test func parse_identityPolicy_takesAnyResourceAndNoPrincipal() throws {
        let p = try Self.parse(Self.statement(#""Effect":"Allow","Action":["s3:*","sts:GetCallerIdentity"],"Resource":"*""#), kind: .identity)
        #expect(p.statements[0].principals == nil && p.statements[0].actions == .all)
        #expect(Self.message(Self.statement(#""Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"*""#), kind: .identity)
                == "Policy document should not specify a principal.")
    }

    @Test func parse_tooLarge_isRefused() {
        let big = String(repeating: " ", count: Policy.maximumSize)
        #expect(Self.message("{" + big + #""Statement":[]}"#)?.contains("maximum allowed size") == true)
    }

    @Test func parse_conditionValues_keepJSONScalarsAsText() throws {
        let p = try Self.parse(Self.statement(#""Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"arn:aws:s3:::photos/*","Condition":{"Bool":{"aws:SecureTransport":false},"NumericGreaterThan":{"s3:max-keys":[10,20.5]}}"#))
        let c = p.statements[0].conditions
        #expect(c.map(\.key) == ["aws:securetransport", "s3:max-keys"])
        #expect(c[0].values == ["false"] && c[1].values == ["10", "20.5"])
    }

    @Test func isPublic_followsTheMeaningOfPublic() throws {
        func policy(_ extra: String) throws -> Policy {
            try Self.parse(Self.statement(#""Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::photos/*"\#(extra)"#))
        }
        #expect(try policy("").isPublic)
        #expect(try !policy(#","Condition":{"IpAddress":{"aws:SourceIp":"10.0.0.0/16"}}"#).isPublic)
        #expect(try policy(#","Condition":{"IpAddress":{"aws:SourceIp":"0.0.0.0/1"}}"#).isPublic)
        #expect(try !policy(#","Condition":{"StringEquals":{"aws:PrincipalAccount":"000000000000"}}"#).isPublic)
        #expect(try policy(#","Condition":{"StringLike":{"aws:PrincipalArn":"arn:aws:iam::*"}}"#).isPublic)
        #expect(try policy(#","Condition":{"StringEquals":{"s3:prefix":"a"}}"#).isPublic)
        let named = try Self.parse(Self.statement(#""Effect":"Allow","Principal":{"AWS":"alice"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::photos/*""#))
        #expect(!named.isPublic)
    }
}
