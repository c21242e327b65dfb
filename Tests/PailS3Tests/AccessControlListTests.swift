import Foundation
import Testing
@testable import PailS3

@Suite struct AccessControlListTests {
    static let owner = String(repeating: "a", count: 64)
    static let other = String(repeating: "b", count: 64)
    static let directory = AccessControlList.Directory(
        isKnownID: { $0 == owner || $0 == other }, idForEmail: { $0 == "bob@example.com" ? other : nil },
        displayName: { $0 == owner ? "Owner" : nil })

    static func parse(_ grants: String, owner: String = owner) throws -> AccessControlList {
        let body = """
            <AccessControlPolicy xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Owner><ID>\(owner)</ID></Owner>
            <AccessControlList>\(grants)</AccessControlList></AccessControlPolicy>
            """
        return try AccessControlList.parse(Array(body.utf8), directory: directory)
    }

    static func grant(_ type: String, _ inner: String, _ permission: String = "READ") -> String {
        #"<Grant><Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="\#(type)">\#(inner)</Grantee><Permission>\#(permission)</Permission></Grant>"#
    }

    static func code(_ f: () throws -> Any) -> String? {
        do { _ = try f(); return nil } catch let e as S3Error { return e.code + ":" + e.message } catch { return "\(error)" }
    }

    @Test func parse_everyGranteeKind() throws {
        let acl = try Self.parse(Self.grant("CanonicalUser", "<ID>\(Self.owner)</ID>", "FULL_CONTROL")
                                 + Self.grant("Group", "<URI>\(ACLGrantee.allUsersURI)</URI>")
                                 + Self.grant("AmazonCustomerByEmail", "<EmailAddress>bob@example.com</EmailAddress>", "WRITE_ACP"))
        #expect(acl.owner == Self.owner)
        #expect(acl.grants == [ACLGrant(.canonicalUser(Self.owner), .fullControl), ACLGrant(.allUsers, .read),
                               ACLGrant(.canonicalUser(Self.other), .writeACP)])
        #expect(acl.isPublic)
    }

    @Test func parse_errors() {
        #expect(Self.code { try AccessControlList.parse(Array("<Nope/>".utf8), directory: Self.directory) }?.hasPrefix("MalformedACLError") == true)
        #expect(Self.code { try AccessControlList.parse(Array("not xml".utf8), directory: Self.directory) }?.hasPrefix("MalformedACLError") == true)
        #expect(Self.code { try Self.parse(Self.grant("CanonicalUser", "<ID>\(Self.owner)</ID>", "EVERYTHING")) }?.hasPrefix("MalformedACLError") == true)
        #expect(Self.code { try Self.parse("<Grant><Grantee><ID>\(Self.owner)</ID></Grantee><Permission>READ</Permission></Grant>") }?.hasPrefix("MalformedACLError") == true)
        #expect(Self.code { try Self.parse(Self.grant("CanonicalUser", "<ID>\(String(repeating: "c", count: 64))</ID>")) } == "InvalidArgument:Invalid id")
        #expect(Self.code { try Self.parse(Self.grant("Group", "<URI>http://example.com/all</URI>")) } == "InvalidArgument:Invalid group uri")
        #expect(Self.code { try Self.parse(Self.grant("AmazonCustomerByEmail", "<EmailAddress>x@y</EmailAddress>")) }?.hasPrefix("UnresolvableGrantByEmailAddress") == true)
    }

    @Test func xml_roundTrips() throws {
        let acl = CannedACL.publicReadWrite.acl(owner: Self.owner, bucketOwner: Self.owner)
        let again = try AccessControlList.parse(acl.xml(directory: Self.directory), directory: Self.directory)
        #expect(again == acl)
        #expect(String(decoding: acl.xml(directory: Self.directory), as: UTF8.self).contains("<DisplayName>Owner</DisplayName>"))
    }

    @Test func canned_bucketOwnerGrants() {
        #expect(CannedACL.bucketOwnerFullControl.acl(owner: Self.other, bucketOwner: Self.owner).grants
                == [ACLGrant(.canonicalUser(Self.other), .fullControl), ACLGrant(.canonicalUser(Self.owner), .fullControl)])
        #expect(CannedACL.bucketOwnerRead.acl(owner: Self.owner, bucketOwner: Self.owner) == .ownerOnly(Self.owner))
        #expect(!CannedACL.private.acl(owner: Self.owner, bucketOwner: Self.owner).isPublic)
        #expect(CannedACL.authenticatedRead.acl(owner: Self.owner, bucketOwner: Self.owner).isPublic)
    }

    @Test func headers_cannedGrantsAndErrors() throws {
        func parse(_ h: [String: String]) throws -> ACLHeaders.Request? {
            try ACLHeaders.parse({ h[$0] }, directory: Self.directory)
        }
        #expect(try parse([:]) == nil)
        #expect(try parse(["x-amz-acl": "public-read"]) == .canned(.publicRead))
        #expect(try parse(["x-amz-grant-read": "uri=\"\(ACLGrantee.authenticatedUsersURI)\", id=\(Self.other)",
                           "x-amz-grant-write-acp": "emailAddress=\"bob@example.com\""])
                == .grants([ACLGrant(.authenticatedUsers, .read), ACLGrant(.canonicalUser(Self.other), .read),
                            ACLGrant(.canonicalUser(Self.other), .writeACP)]))
        #expect(Self.code { try parse(["x-amz-acl": "public", "x-amz-grant-read": "id=\(Self.other)"]) }
                == "InvalidRequest:Specifying both Canned ACLs and Header Grants is not allowed")
        #expect(Self.code { try parse(["x-amz-acl": "world-writable"]) }?.hasPrefix("InvalidArgument") == true)
        #expect(Self.code { try parse(["x-amz-grant-read": "nobody"]) } == "InvalidArgument:Argument format not recognized")
        #expect(Self.code { try parse(["x-amz-grant-read": "id=123"]) } == "InvalidArgument:Invalid id")
    }

    @Test func stored_roundTripsThroughJSONCoding() throws {
        let acl = AccessControlList(owner: Self.owner, grants: [ACLGrant(.canonicalUser(Self.other), .read), ACLGrant(.allUsers, .write)])
        let data = try JSONEncoder().encode(acl)
        #expect(try JSONDecoder().decode(AccessControlList.self, from: data) == acl)
    }

    @Test func ownershipAndPublicAccessBlock_parse() throws {
        #expect(try ObjectOwnership.parse(Array("<OwnershipControls><Rule><ObjectOwnership>BucketOwnerEnforced</ObjectOwnership></Rule></OwnershipControls>".utf8)) == .bucketOwnerEnforced)
        #expect(Self.code { try ObjectOwnership.parse(Array("<OwnershipControls><Rule><ObjectOwnership>Mine</ObjectOwnership></Rule></OwnershipControls>".utf8)) }?.hasPrefix("MalformedXML") == true)
        let pab = try PublicAccessBlock.parse(Array("<PublicAccessBlockConfiguration><BlockPublicAcls>true</BlockPublicAcls><RestrictPublicBuckets>true</RestrictPublicBuckets></PublicAccessBlockConfiguration>".utf8))
        #expect(pab == PublicAccessBlock(blockPublicAcls: true, restrictPublicBuckets: true))
        #expect(Self.code { try PublicAccessBlock.parse(Array("<PublicAccessBlockConfiguration><BlockPublicAcls>yes</BlockPublicAcls></PublicAccessBlockConfiguration>".utf8)) }?.hasPrefix("MalformedXML") == true)
    }
}
