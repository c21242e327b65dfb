import Foundation
import PailS3
import PailStorage

/// Applies buckets' lifecycle rules against the server clock (S3 User Guide, "Managing the
/// lifecycle of objects"): current versions past their Expiration are deleted (a delete marker in
/// a versioned bucket), noncurrent versions past NoncurrentVersionExpiration are removed (keeping
/// the newest NewerNoncurrentVersions), delete markers left as the only version of their key go
/// with ExpiredObjectDeleteMarker, and uploads older than AbortIncompleteMultipartUpload are
/// aborted. Removed versions' files are freed as any delete frees them.
///
/// AWS runs this about once a day; Pail runs it on a timer and whenever the admin API asks
/// (`POST /_pail/lifecycle`), so that a test can move the clock and see the result at once.
final class LifecycleSweeper: Sendable {
    private let store: ObjectStore & MultipartStore
    private let clock: @Sendable () -> Date
    /// One run at a time: a timer run and an admin run must not both delete the same versions.
    private let running = NSLock()

    typealias Report = LifecycleRunReport

    init(store: ObjectStore & MultipartStore, clock: @escaping @Sendable () -> Date) {
        self.store = store
        self.clock = clock
    }

    /// Applies every bucket's rules once, now.
    func run() throws -> Report {
        running.lock()
        defer { running.unlock() }
        var report = Report()
        let now = clock()
        for bucket in try store.buckets(withSetting: BucketSettingName.lifecycle) {
            guard let bytes = try? store.bucketSetting(bucket, BucketSettingName.lifecycle),
                  let configuration = try? BucketSettingCoding.decode(LifecycleConfiguration.self, bytes) else { continue }
            report.buckets += 1
            let evaluator = LifecycleEvaluator(configuration)
            try sweepVersions(bucket, evaluator, now: now, into: &report)
            try sweepUploads(bucket, evaluator, now: now, into: &report)
        }
        return report
    }

    /// Walks every version, a key's versions together (newest first), and deletes in batches.
    private func sweepVersions(_ bucket: String, _ evaluator: LifecycleEvaluator, now: Date, into report: inout Report) throws {
        /// What each pending delete is, to count it once it succeeded (a locked version is refused).
        enum Kind { case current, noncurrent, marker }
        var pending: [DeleteRequest] = []
        var kinds: [Kind] = []
        var group: [ObjectInfo] = []
        func flush() throws {
            guard !pending.isEmpty else { return }
            for (result, kind) in zip(try store.delete(bucket: bucket, pending), kinds) {
                guard case .success = result else { continue }
                switch kind {
                case .current: report.expiredCurrent += 1
                case .noncurrent: report.removedNoncurrent += 1
                case .marker: report.removedDeleteMarkers += 1
                }
            }
            pending.removeAll()
            kinds.removeAll()
        }
        func decide(_ versions: [ObjectInfo]) {
            guard let latest = versions.first else { return }
            var remaining = versions.count
            // Noncurrent versions: each became noncurrent when the next newer version was written.
            var newerNoncurrent = 0
            for i in versions.indices.dropFirst() {
                let v = versions[i]
                if v.isDeleteMarker { continue }   // markers are not versions NewerNoncurrentVersions keeps
                if evaluator.noncurrentAction(key: v.key, size: v.size, tags: TagSet(v.tags),
                                              noncurrentSince: versions[i - 1].lastModified,
                                              newerNoncurrentCount: newerNoncurrent, now: now) {
                    pending.append(DeleteRequest(key: v.key, version: v.versionId.map { .id($0) } ?? .null))
                    kinds.append(.noncurrent)
                    remaining -= 1
                } else {
                    newerNoncurrent += 1
                }
            }
            if latest.isDeleteMarker {
                if evaluator.expiredDeleteMarker(key: latest.key, created: latest.lastModified,
                                                 isOnlyVersion: remaining == 1, now: now) {
                    pending.append(DeleteRequest(key: latest.key, version: latest.versionId.map { .id($0) } ?? .null))
                    kinds.append(.marker)
                }
            } else if evaluator.currentVersionAction(key: latest.key, size: latest.size, tags: TagSet(latest.tags),
                                                     lastModified: latest.lastModified, now: now) != nil {
                pending.append(DeleteRequest(key: latest.key))
                kinds.append(.current)
            }
        }
        var keyMarker: String?, versionMarker: String?
        while true {
            let page = try store.listVersions(bucket: bucket, prefix: "", delimiter: nil, keyMarker: keyMarker,
                                              versionIdMarker: versionMarker, maxKeys: 1000)
            for v in page.versions {
                if let first = group.first, first.key != v.key {
                    decide(group)
                    group.removeAll()
                }
                group.append(v)
            }
            if pending.count >= 1000 { try flush() }
            guard page.isTruncated else { break }
            keyMarker = page.nextKeyMarker
            versionMarker = page.nextVersionIdMarker
        }
        decide(group)
        try flush()
    }

    private func sweepUploads(_ bucket: String, _ evaluator: LifecycleEvaluator, now: Date, into report: inout Report) throws {
        var keyMarker: String?, idMarker: String?
        while true {
            let uploads = try store.listUploads(bucket: bucket, prefix: "", keyMarker: keyMarker, uploadIdMarker: idMarker, max: 1000)
            for upload in uploads where evaluator.abortUpload(key: upload.key, initiated: upload.initiated, now: now) {
                if (try? store.abortUpload(bucket: bucket, uploadId: upload.uploadId)) != nil { report.abortedUploads += 1 }
            }
            guard uploads.count == 1000, let last = uploads.last else { break }
            keyMarker = last.key
            idMarker = last.uploadId
        }
    }
}
