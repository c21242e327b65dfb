import Foundation
import PailS3
import PailStorage
import PailIdentity

/// The condition keys of one request (IAM User Guide, "AWS global condition context keys"; Service
/// Authorization Reference, "Condition keys for Amazon S3"), computed when a condition asks.
final class RequestPolicyContext: PolicyContext {
    let request: S3Request
    let requester: Requester
    let check: AccessCheck
    let store: ObjectStore
    let region: String
    private var existingTags: [ObjectTag]??
    /// Values already computed: a policy of many statements asks for the same keys again and again.
    private var computed: [String: [String]?] = [:]
    private var parsedAddresses: [String: [IPAddress]?] = [:]

    init(request: S3Request, requester: Requester, check: AccessCheck, store: ObjectStore, region: String) {
        self.request = request
        self.requester = requester
        self.check = check
        self.store = store
        self.region = region
    }

    /// The keys every policy of a bucket tends to ask for, kept in fields: a dictionary lookup hashes
    /// the key each time.
    private lazy var sourceIP: [String] = [Self.peerIP(request.http.remoteAddress)]
    private lazy var sourceAddress: [IPAddress] = sourceIP.compactMap { IPAddress($0) }
    private lazy var secureTransport: [String] = [request.http.isSecure ? "true" : "false"]

    func values(forKey key: String) -> [String]? {
        if key == "aws:sourceip" { return sourceIP }
        if key == "aws:securetransport" { return secureTransport }
        if let known = computed[key] { return known }
        let value = compute(key)
        computed[key] = .some(value)
        return value
    }

    func addresses(forKey key: String) -> [IPAddress]? {
        if key == "aws:sourceip" { return sourceAddress }
        if let known = parsedAddresses[key] { return known }
        let value = values(forKey: key).map { $0.compactMap { IPAddress($0) } }
        parsedAddresses[key] = .some(value)
        return value
    }

    private func compute(_ key: String) -> [String]? {
        if key.hasPrefix("aws:") { return global(key) }
        if key.hasPrefix("s3:existingobjecttag/") { return existingTag(String(key.dropFirst("s3:existingobjecttag/".count))) }
        if key.hasPrefix("s3:requestobjecttag/") {
            let name = key.dropFirst("s3:requestobjecttag/".count)
            return requestTags()?.first { $0.key.lowercased() == name }.map { [$0.value] }
        }
        switch key {
        case "s3:prefix", "s3:delimiter", "s3:max-keys":
            return request.param(String(key.dropFirst(3))).map { [$0] }
        case "s3:versionid": return request.param("versionId").map { [$0] }
        case "s3:signatureversion": return request.auth.scheme.signatureVersion.map { [$0] }
        case "s3:authtype": return request.auth.scheme.authType.map { [$0] }
        case "s3:resourceaccount": return [pailAccountID]
        case "s3:requestobjecttagkeys": return requestTags().map { $0.map(\.key) }
        case "s3:tlsversion": return request.http.isSecure ? ["TLSv1.2"] : nil
        default:
            // Header keys: s3:x-amz-acl, s3:x-amz-grant-*, s3:x-amz-copy-source, s3:if-match, ...
            let header = String(key.dropFirst(3))
            return request.headers[header].map { [$0] }
        }
    }

    private func global(_ key: String) -> [String]? {
        switch key {
        case "aws:sourceip": return [Self.peerIP(request.http.remoteAddress)]
        case "aws:securetransport": return [request.http.isSecure ? "true" : "false"]
        case "aws:currenttime": return [S3Date.iso8601Seconds(request.received)]
        case "aws:epochtime": return [String(Int64(request.received.timeIntervalSince1970))]
        case "aws:username": return requester.userName.map { [$0] }
        case "aws:userid": return [requester.userID]
        case "aws:principalarn": return requester.arn.map { [$0] }
        case "aws:principalaccount": return requester.isAnonymous ? nil : [pailAccountID]
        case "aws:principaltype": return [requester.principalType]
        case "aws:referer": return request.headers["Referer"].map { [$0] }
        case "aws:useragent": return request.headers["User-Agent"].map { [$0] }
        case "aws:requestedregion": return [region]
        case "aws:viaawsservice": return ["false"]
        default: return nil
        }
    }

    /// The address part of `host:port` or `[v6]:port`.
    static func peerIP(_ remote: String) -> String {
        let utf8 = remote.utf8
        if utf8.first == UInt8(ascii: "["), let close = utf8.firstIndex(of: UInt8(ascii: "]")) {
            return String(remote[utf8.index(after: utf8.startIndex)..<close])
        }
        guard let colon = utf8.lastIndex(of: UInt8(ascii: ":")) else { return remote }
        if utf8[..<colon].contains(UInt8(ascii: ":")) { return remote }
        return String(remote[..<colon])
    }

    /// `s3:ExistingObjectTag/<key>`: the tags of the object the check is about, read once.
    private func existingTag(_ name: String) -> [String]? {
        if existingTags == nil {
            if let bucket = check.bucket, let key = check.key {
                existingTags = .some((try? store.head(bucket: bucket, key: key, version: check.version))?.tags)
            } else {
                existingTags = .some(nil)
            }
        }
        return existingTags!?.first { $0.key.lowercased() == name }.map { [$0.value] }
    }

    /// `x-amz-tagging` on a write (URL-encoded `k=v&k2=v2`).
    private func requestTags() -> [Tag]? {
        guard let header = request.headers["x-amz-tagging"] else { return nil }
        return QueryString.parseChecked(Substring(header)).0.map { Tag(key: $0.0, value: $0.1) }
    }
}

