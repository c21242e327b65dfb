import Foundation
import PailFaults
import PailHTTP
import PailS3

/// What the faults that touch stored data mean in front of a real cluster:
/// - `lostWrite` acknowledges a PutObject without forwarding it; without `keepOld` the key is then
///   deleted upstream, so it reads as absent, as in local mode; with `keepOld` the cluster keeps its
///   old version.
/// - `staleRead` serves the version before the current one from the upstream's own version history
///   (ListObjectVersions, then GetObject with that versionId): a versioned bucket is needed.
extension UpstreamForwarder {
    func loseWrite(_ r: S3Request, keepOld: Bool) throws -> HTTPResponse {
        let bucket = try r.requireBucket(), key = try r.requireKey()
        // The body is read and checked as a real write's would be, so the acknowledgement is believable.
        let payload = try RelayedPayload(r, computeMD5: true)
        do { _ = try payload.drain() } catch { throw Self.clientBodyError(error) }
        if !keepOld {
            let deleted = try upstream.send(method: "DELETE", bucket: upstream.bucketName(bucket), key: key, query: "",
                                            headers: [], body: .empty, payloadHash: SigV4.emptySHA256)
            deleted.discard()
        }
        var response = HTTPResponse(status: 200)
        response.headers.add("ETag", "\"" + payload.md5Digest.hex + "\"")
        if let alg = payload.algorithm, let value = payload.verifiedChecksum {
            response.headers.add(alg.headerName, value)
            response.headers.add("x-amz-checksum-type", "FULL_OBJECT")
        }
        return response
    }

    /// Which version a stale read of `key` serves.
    enum StaleVersion: Equatable {
        /// The version before the current one.
        case version(String)
        /// The key did not exist before its current version (or that version is a delete marker).
        case absent
        /// No history to go back to (an unversioned bucket): the current version.
        case current
    }

    /// The key's previous version, from ListObjectVersions with the key as prefix: versions of one key
    /// come newest first, and the key itself sorts before every longer key it prefixes
    /// (https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectVersions.html).
    func previousVersion(bucket: String, key: String) throws -> StaleVersion {
        let query = "max-keys=2&prefix=" + URIEncoding.encode(key, encodeSlash: true) + "&versions="
        let response = try upstream.send(method: "GET", bucket: upstream.bucketName(bucket), key: nil, query: query,
                                         headers: [], body: .empty, payloadHash: SigV4.emptySHA256)
        guard response.status == 200, let body = try? response.readAll(limit: 1 << 20),
              let root = try? XMLReader.parse(body) else {
            response.discard()
            return .current
        }
        let entries = root.children.filter { ($0.name == "Version" || $0.name == "DeleteMarker") && $0.child("Key")?.text == key }
        guard let latest = entries.first else { return .current }
        guard entries.count > 1 else {
            return latest.child("VersionId")?.text == "null" ? .current : .absent
        }
        let previous = entries[1]
        guard previous.name == "Version", let id = previous.child("VersionId")?.text else { return .absent }
        return .version(id)
    }

    /// Why `rule` cannot be carried out faithfully in gateway mode, or nil when it can. Checked when a
    /// rule is added (admin API, `pail faults add`, a plan at start).
    func refusal(for rule: FaultRule) -> String? {
        switch rule.action {
        case .lostWrite:
            if let operations = rule.match.operations,
               !operations.contains(where: { $0.caseInsensitiveCompare(S3Operation.putObject.rawValue) == .orderedSame }) {
                return "lostWrite acts on PutObject only in gateway mode (the upstream performs every other write); add PutObject to the rule's operations"
            }
        case .staleRead:
            guard let bucket = rule.match.bucket else { return nil }
            let status = try? versioningStatus(bucket: bucket)
            if status != "Enabled" {
                return "staleRead in gateway mode serves the previous version from the upstream's version history, and bucket \(bucket) is \(status == nil ? "not reachable or does not exist" : "not versioned") upstream; enable versioning on it first"
            }
        default: break
        }
        return nil
    }

    /// GetBucketVersioning's Status upstream ("" when never set).
    func versioningStatus(bucket: String) throws -> String {
        let response = try upstream.send(method: "GET", bucket: upstream.bucketName(bucket), key: nil, query: "versioning=",
                                         headers: [], body: .empty, payloadHash: SigV4.emptySHA256)
        let body = try response.readAll(limit: 1 << 20)
        guard response.status == 200 else { throw S3Error("UpstreamError", response.status, "GetBucketVersioning failed") }
        return (try XMLReader.parse(body)).child("Status")?.text ?? ""
    }
}

extension UpstreamForwarder {
    /// Refuses, at start, a fault plan with a rule gateway mode cannot carry out.
    func check(_ rules: [FaultRule]) throws {
        for rule in rules {
            if let reason = refusal(for: rule) { throw ConfigurationError("fault rule \(rule.id): \(reason)") }
        }
    }

    /// `upstream`'s URL, for the banner.
    var description: String { upstream.endpoint.description }
}
