import PailS3
import Testing

/// The worked examples of AWS's "Signing and authenticating REST requests" page (RESTAuthentication.html),
/// secret `wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY`.
@Suite struct SigV2StringToSignTests {
    let secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"

    func sts(_ method: String, md5: String = "", type: String = "", date: String, headers: [(String, String)] = [],
             bucket: String?, path: String, query: String = "") -> String {
        let amz = SigV2.canonicalizedAmzHeaders(headers.map { (name: $0.0, value: $0.1) })
        let resource = SigV2.canonicalizedResource(bucket: bucket, rawPath: Substring(path), rawQuery: Substring(query))
        return SigV2.stringToSign(method: method, contentMD5: md5, contentType: type, date: date, amzHeaders: amz, resource: resource)
    }

    @Test func objectGetVirtualHostedSignsBucketAndPath() {
        let s = sts("GET", date: "Tue, 27 Mar 2007 19:36:42 +0000", bucket: "awsexamplebucket1", path: "/photos/puppy.jpg")
        #expect(s == "GET\n\n\nTue, 27 Mar 2007 19:36:42 +0000\n/awsexamplebucket1/photos/puppy.jpg")
        #expect(SigV2.signature(secret: secret, stringToSign: s) == "qgk2+6Sv9/oM7G3qLEjTH1a1l1g=")
    }

    @Test func objectPutSignsContentType() {
        let s = sts("PUT", type: "image/jpeg", date: "Tue, 27 Mar 2007 21:15:45 +0000", bucket: "johnsmith", path: "/photos/puppy.jpg")
        #expect(SigV2.signature(secret: secret, stringToSign: s) == "MyyxeRY7whkBe+bq8fHCL/2kKUg=")
    }

    @Test func listIgnoresNonSubresourceQuery() {
        let s = sts("GET", date: "Tue, 27 Mar 2007 19:42:41 +0000", bucket: "johnsmith", path: "/",
                    query: "prefix=photos&max-keys=50&marker=puppy")
        #expect(s.hasSuffix("\n/johnsmith/"))
        #expect(SigV2.signature(secret: secret, stringToSign: s) == "htDYFYduRNen8P9ZfE/s9SuKy0U=")
    }

    @Test func aclSubresourceIsSigned() {
        let s = sts("GET", date: "Tue, 27 Mar 2007 19:44:46 +0000", bucket: "johnsmith", path: "/", query: "acl")
        #expect(s.hasSuffix("/johnsmith/?acl"))
        #expect(SigV2.signature(secret: secret, stringToSign: s) == "c2WLPFtWHVgbEmeEG93a4cG37dM=")
    }

    @Test func xAmzDateEmptiesTheDateLine() {
        let s = sts("DELETE", date: "", headers: [("x-amz-date", "Tue, 27 Mar 2007 21:20:26 +0000")],
                    bucket: nil, path: "/johnsmith/photos/puppy.jpg")
        #expect(s == "DELETE\n\n\n\nx-amz-date:Tue, 27 Mar 2007 21:20:26 +0000\n/johnsmith/photos/puppy.jpg")
        #expect(SigV2.signature(secret: secret, stringToSign: s) == "R4dJ53KECjStyBO5iTBJZ4XVOaI=")
    }

    @Test func amzHeadersAreLowercasedSortedAndJoined() {
        let s = sts("PUT", md5: "4gJE4saaMU4BqNR0kLY+lw==", type: "application/x-download", date: "Tue, 27 Mar 2007 21:06:08 +0000",
                    headers: [("x-amz-acl", "public-read"), ("X-Amz-Meta-ReviewedBy", "joe@johnsmith.net"),
                              ("X-Amz-Meta-ReviewedBy", "jane@johnsmith.net"), ("X-Amz-Meta-FileChecksum", "0x02661779"),
                              ("X-Amz-Meta-ChecksumAlgorithm", "crc32"), ("Content-Length", "5913339")],
                    bucket: "static.johnsmith.net", path: "/db-backup.dat.gz")
        #expect(s == "PUT\n4gJE4saaMU4BqNR0kLY+lw==\napplication/x-download\nTue, 27 Mar 2007 21:06:08 +0000\n"
            + "x-amz-acl:public-read\nx-amz-meta-checksumalgorithm:crc32\nx-amz-meta-filechecksum:0x02661779\n"
            + "x-amz-meta-reviewedby:joe@johnsmith.net,jane@johnsmith.net\n/static.johnsmith.net/db-backup.dat.gz")
        #expect(SigV2.signature(secret: secret, stringToSign: s) == "ilyl83RwaSoYIEdixDQcA4OnAnc=")
    }

    @Test func queryAuthSignsExpiresInPlaceOfDate() {
        let s = sts("GET", date: "1175139620", bucket: "johnsmith", path: "/photos/puppy.jpg",
                    query: "AWSAccessKeyId=AKIAIOSFODNN7EXAMPLE&Expires=1175139620&Signature=x")
        #expect(SigV2.signature(secret: secret, stringToSign: s) == "NpgCjnDzrM+WFzoENXmpNDUsSn8=")
    }

    @Test func subresourcesSortedWithDecodedValues() {
        let r = SigV2.canonicalizedResource(bucket: nil, rawPath: "/b/k", rawQuery: "uploadId=a%2Fb&partNumber=2&x=1&delete")
        #expect(r == "/b/k?delete&partNumber=2&uploadId=a/b")
    }
}
