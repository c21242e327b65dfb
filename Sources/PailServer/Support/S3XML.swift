import PailHTTP
import PailS3

/// Pieces shared by S3's XML responses.
enum S3XML {
    static let namespace = "http://s3.amazonaws.com/doc/2006-03-01/"

    static func owner(_ xml: inout XMLWriter, _ p: Principal, element: String = "Owner") {
        xml.open(element)
        xml.element("ID", p.ownerID)
        xml.element("DisplayName", p.displayName)
        xml.close(element)
    }

    /// A 200 response carrying `xml`.
    static func response(_ xml: XMLWriter, status: Int = 200) -> HTTPResponse {
        var r = HTTPResponse(status: status, body: .bytes(xml.bytes))
        r.headers.add("Content-Type", "application/xml")
        return r
    }

    /// A 200 response carrying an XML document already rendered.
    static func response(_ body: [UInt8]) -> HTTPResponse {
        var r = HTTPResponse(status: 200, body: .bytes(body))
        r.headers.add("Content-Type", "application/xml")
        return r
    }

    static func quoted(_ etag: String) -> String { "\"" + etag + "\"" }
}
