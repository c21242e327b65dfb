import Foundation
import PailIdentity
import PailS3
import Testing

@Suite struct IdentityPoliciesTests {
    @Test func sessionPolicy_travelsInTheToken() throws {
        let clock = TestClock()
        let c = clock
        let service = SessionTokenService(key: Array(repeating: 9, count: 32), clock: { c.now })
        let policy = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}"#
        let creds = service.issue(account: "alice", role: "writer", sessionName: "s", duration: 900, policy: policy)
        let claims = try service.verify(token: creds.sessionToken, accessKey: creds.accessKeyID)
        #expect(claims.policy == policy && claims == creds.claims)
        // Tokens without a policy keep the v1 form.
        let plain = service.issue(account: "alice", role: "writer", sessionName: "s", duration: 900)
        #expect(try service.verify(token: plain.sessionToken, accessKey: nil).policy == nil)
    }

    @Test func configuration_inlinePoliciesParse_objectsOrStrings() throws {
        let json = #"""
            {"users": [{"accessKey": "dana", "secretKey": "s", "email": "dana@example.com",
                        "policies": [{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:Get*", "Resource": "*"}]},
                                     "{\"Statement\": {\"Effect\": \"Deny\", \"Action\": \"s3:DeleteObject\", \"Resource\": \"*\"}}"]}],
             "roles": [{"name": "reader", "policies": []}, {"name": "free"}]}
            """#
        let config = try JSONDecoder().decode(IdentityConfiguration.self, from: Data(json.utf8))
        try config.validate()
        let (users, roles) = try config.parsedPolicies()
        #expect(users["dana"]?.count == 2)
        #expect(users["dana"]?[1].statements[0].allows == false)
        #expect(roles["reader"]?.isEmpty == true && roles["free"] == nil)
        #expect(config.users[0].email == "dana@example.com" && config.users[0].arn == "arn:aws:iam::000000000000:user/dana")
    }

    @Test func configuration_badPolicy_namesTheOwnerAndS3sMessage() throws {
        let json = #"{"roles": [{"name": "r", "policies": [{"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:*", "Resource": "*"}]}]}]}"#
        let config = try JSONDecoder().decode(IdentityConfiguration.self, from: Data(json.utf8))
        #expect(throws: IdentityConfigurationError.self) { try config.validate() }
        do { try config.validate() } catch {
            #expect("\(error)" == "role r: policy is not valid: Policy document should not specify a principal.")
        }
    }

    @Test func configuration_repeatedEmail_isRefused() throws {
        let json = #"{"users": [{"accessKey": "a", "secretKey": "s", "email": "x@y"}, {"accessKey": "b", "secretKey": "s", "email": "X@y"}]}"#
        let config = try JSONDecoder().decode(IdentityConfiguration.self, from: Data(json.utf8))
        #expect(throws: IdentityConfigurationError.self) { try config.validate() }
    }
}
