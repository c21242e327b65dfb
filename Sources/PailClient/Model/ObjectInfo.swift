import Foundation
import PailHTTP
import PailS3

/// What HEAD (and GET) report about an object.
public struct ObjectInfo: Sendable {
    public var key: String
    public var size: Int64
    /// Quoted, as S3 sends it.
    public var etag: String
    public var lastModified: Date?
    public var contentType: String?
    /// `x-amz-meta-*` values, names without the prefix, lower-cased.
    public var metadata: [String: String]
    public var headers: HTTPHeaders
    public var requestID: String?

    init(key: String, headers: HTTPHeaders) {
        self.key = key
        self.headers = headers
        etag = headers["ETag"] ?? ""
        lastModified = headers["Last-Modified"].flatMap { S3Date.parseHTTP($0) }
        contentType = headers["Content-Type"]
        requestID = headers["x-amz-request-id"]
        if let range = headers["Content-Range"], let slash = range.lastIndex(of: "/"), let total = Int64(range[range.index(after: slash)...]) {
            size = total
        } else {
            size = Int64(headers["Content-Length"] ?? "") ?? 0
        }
        var meta: [String: String] = [:]
        for (n, v) in headers where n.lowercased().hasPrefix("x-amz-meta-") {
            meta[String(n.lowercased().dropFirst(11))] = v
        }
        metadata = meta
    }
}

/// Result of a PUT (single or multipart).
public struct PutResult: Sendable {
    public var etag: String
    public var size: Int64
    public var requestID: String?
}

/// One object in a listing.
public struct ObjectSummary: Sendable, Equatable {
    /// The key with the client's key prefix removed.
    public var key: String
    public var size: Int64
    public var etag: String
    public var lastModified: Date?
}

/// One page of ListObjectsV2.
public struct ListPage: Sendable {
    public var objects: [ObjectSummary]
    /// Common prefixes (with the key prefix removed) when a delimiter was given.
    public var commonPrefixes: [String]
    public var isTruncated: Bool
    public var nextContinuationToken: String?
}

/// A bucket in ListBuckets.
public struct BucketInfo: Sendable, Equatable {
    public var name: String
    public var creationDate: Date?
}

/// The outcome of `deleteMany`: keys deleted and per-key errors.
public struct DeleteManyResult: Sendable {
    public struct Failure: Sendable, Equatable {
        public var key: String
        public var code: String
        public var message: String
    }
    public var deleted: [String] = []
    public var errors: [Failure] = []
}

/// Options for writing an object.
public struct PutOptions: Sendable {
    public var contentType: String?
    /// Sent as `x-amz-meta-<name>`.
    public var metadata: [String: String]
    /// Any other headers (e.g. `Cache-Control`).
    public var headers: [(String, String)]

    public init(contentType: String? = nil, metadata: [String: String] = [:], headers: [(String, String)] = []) {
        self.contentType = contentType
        self.metadata = metadata
        self.headers = headers
    }

    var allHeaders: [(String, String)] {
        var h = headers
        if let contentType { h.append(("Content-Type", contentType)) }
        for (k, v) in metadata.sorted(by: { $0.key < $1.key }) { h.append(("x-amz-meta-" + k, v)) }
        return h
    }
}
