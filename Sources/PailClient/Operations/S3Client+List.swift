import Foundation
import PailS3

extension S3Client {
    /// One ListObjectsV2 page (`encoding-type=url`, keys decoded).
    public func listPage(prefix: String = "", delimiter: String? = nil, maxKeys: Int = 1000,
                         continuationToken: String? = nil, bucket: String? = nil) async throws -> ListPage {
        var r = S3Request("ListObjectsV2", "GET", bucket: try bucketName(bucket))
        r.query = [("list-type", "2"), ("encoding-type", "url"), ("max-keys", String(maxKeys))]
        let p = fullKey(prefix)
        if !p.isEmpty { r.query.append(("prefix", p)) }
        if let delimiter { r.query.append(("delimiter", delimiter)) }
        if let continuationToken { r.query.append(("continuation-token", continuationToken)) }
        let (_, _, body) = try await performBuffered(r)
        let root = try parseXML(body)
        let encoded = root.child("EncodingType")?.text == "url"
        func decode(_ s: String) -> String { encoded ? (URIEncoding.percentDecode(s, plusAsSpace: true) ?? s) : s }
        let objects = root.children("Contents").map { c in
            ObjectSummary(key: stripPrefix(decode(c.child("Key")?.text ?? "")), size: Int64(c.child("Size")?.text ?? "") ?? 0,
                          etag: c.child("ETag")?.text ?? "",
                          lastModified: c.child("LastModified").flatMap { S3Date.parseISO8601($0.text) })
        }
        let prefixes = root.children("CommonPrefixes").compactMap { $0.child("Prefix").map { stripPrefix(decode($0.text)) } }
        let truncated = root.child("IsTruncated")?.text == "true"
        return ListPage(objects: objects, commonPrefixes: prefixes, isTruncated: truncated,
                        nextContinuationToken: root.child("NextContinuationToken")?.text)
    }

    /// Every page of a listing as an async sequence (the next page is fetched when asked for).
    public func listPages(prefix: String = "", delimiter: String? = nil, pageSize: Int = 1000,
                          bucket: String? = nil) -> ListPageSequence {
        ListPageSequence(client: self, prefix: prefix, delimiter: delimiter, pageSize: pageSize, bucket: bucket)
    }

    /// Every object of a listing (common prefixes skipped), page after page.
    public func list(prefix: String = "", delimiter: String? = nil, pageSize: Int = 1000,
                     bucket: String? = nil) -> AsyncThrowingFlatMapSequence<ListPageSequence, AsyncThrowingStream<ObjectSummary, Error>> {
        listPages(prefix: prefix, delimiter: delimiter, pageSize: pageSize, bucket: bucket).flatMap { page in
            AsyncThrowingStream { c in
                for o in page.objects { c.yield(o) }
                c.finish()
            }
        }
    }
}

/// ListObjectsV2 pages, fetched lazily with continuation tokens.
public struct ListPageSequence: AsyncSequence, Sendable {
    public typealias Element = ListPage
    let client: S3Client
    let prefix: String
    let delimiter: String?
    let pageSize: Int
    let bucket: String?

    public struct AsyncIterator: AsyncIteratorProtocol {
        let seq: ListPageSequence
        var token: String?
        var done = false

        public mutating func next() async throws -> ListPage? {
            guard !done else { return nil }
            let page = try await seq.client.listPage(prefix: seq.prefix, delimiter: seq.delimiter, maxKeys: seq.pageSize,
                                                     continuationToken: token, bucket: seq.bucket)
            token = page.nextContinuationToken
            if !page.isTruncated || token == nil { done = true }
            return page
        }
    }

    public func makeAsyncIterator() -> AsyncIterator { AsyncIterator(seq: self) }
}
