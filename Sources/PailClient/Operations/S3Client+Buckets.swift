import Foundation
import PailHTTP
import PailS3

extension S3Client {
    /// CreateBucket; outside us-east-1 sends the region as LocationConstraint.
    public func createBucket(_ name: String) async throws {
        var r = S3Request("CreateBucket", "PUT", bucket: name)
        if configuration.region != "us-east-1" {
            var w = XMLWriter()
            w.open("CreateBucketConfiguration", namespace: "http://s3.amazonaws.com/doc/2006-03-01/")
            w.element("LocationConstraint", configuration.region)
            w.close("CreateBucketConfiguration")
            r.body = .bytes(w.bytes)
        }
        _ = try await performBuffered(r)
    }

    /// DeleteBucket (the bucket must be empty).
    public func deleteBucket(_ name: String) async throws {
        _ = try await performBuffered(S3Request("DeleteBucket", "DELETE", bucket: name))
    }

    /// HeadBucket: true when it exists and is accessible, false on 404.
    public func bucketExists(_ name: String) async throws -> Bool {
        do {
            _ = try await performBuffered(S3Request("HeadBucket", "HEAD", bucket: name))
            return true
        } catch let e as S3ClientError where e.status == 404 {
            return false
        }
    }

    /// ListBuckets.
    public func listBuckets() async throws -> [BucketInfo] {
        let (_, _, body) = try await performBuffered(S3Request("ListBuckets", "GET"))
        let root = try parseXML(body)
        return (root.child("Buckets")?.children("Bucket") ?? []).map {
            BucketInfo(name: $0.child("Name")?.text ?? "", creationDate: $0.child("CreationDate").flatMap { S3Date.parseISO8601($0.text) })
        }
    }

    func parseXML(_ body: [UInt8]) throws -> XMLNode {
        do { return try XMLReader.parse(body) } catch {
            throw S3ClientError(code: "InvalidResponse", message: "unparsable XML response", underlying: error)
        }
    }
}
