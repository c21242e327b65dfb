import Foundation
import PailHTTP
import PailIdentity
import PailS3

/// STS's XML: `<Op>Response` / `<Op>Result` / `ResponseMetadata` (protocol.md §2).
enum STSXML {
    static let namespace = "https://sts.amazonaws.com/doc/2011-06-15/"

    static func response(action: String, requestID: String, result: (inout XMLWriter) -> Void) -> HTTPResponse {
        var xml = XMLWriter()
        xml.open(action + "Response", namespace: namespace)
        xml.open(action + "Result")
        result(&xml)
        xml.close(action + "Result")
        xml.open("ResponseMetadata")
        xml.element("RequestId", requestID)
        xml.close("ResponseMetadata")
        xml.close(action + "Response")
        var r = HTTPResponse(status: 200, body: .bytes(xml.bytes))
        r.headers.add("Content-Type", "text/xml")
        return r
    }

    static func credentials(_ xml: inout XMLWriter, _ c: TemporaryCredentials) {
        xml.open("Credentials")
        xml.element("AccessKeyId", c.accessKeyID)
        xml.element("SecretAccessKey", c.secretAccessKey)
        xml.element("SessionToken", c.sessionToken)
        xml.element("Expiration", S3Date.iso8601Seconds(c.expiration))
        xml.close("Credentials")
    }

    static func assumedRoleUser(_ xml: inout XMLWriter, role: Role, session: String) {
        xml.open("AssumedRoleUser")
        xml.element("AssumedRoleId", role.roleID + ":" + session)
        xml.element("Arn", "arn:aws:sts::\(pailAccountID):assumed-role/\(role.name)/\(session)")
        xml.close("AssumedRoleUser")
    }
}
