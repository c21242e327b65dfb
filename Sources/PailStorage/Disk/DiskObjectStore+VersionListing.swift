import Foundation

extension DiskObjectStore {
    /// Walks the current rows (delete markers included) in key order as `list` does, with the same
    /// common-prefix jumps, and after each key's current row its noncurrent versions, newest first.
    /// A key has noncurrent versions only while it has a current row, so no version is missed. One
    /// read transaction: the page is one snapshot.
    public func listVersions(bucket: String, prefix: String, delimiter: String?, keyMarker: String?,
                             versionIdMarker: String?, maxKeys: Int) throws -> VersionListPage {
        // A version marker resumes inside keyMarker's versions; without one, after all of them.
        let resumeInside = keyMarker != nil && !(versionIdMarker ?? "").isEmpty
        return try readers.read { db in
            try db.readTransaction {
                guard try BucketRow.exists(db, bucket) else { throw StorageError.noSuchBucket }
                let prefixBytes = Array(prefix.utf8)
                let upper = KeyBounds.upperBound(ofPrefix: prefixBytes)
                let delimiterBytes = delimiter.map { Array($0.utf8) } ?? []
                var lower = prefixBytes
                if let keyMarker {
                    let markerBytes = Array(keyMarker.utf8)
                    let start = resumeInside ? markerBytes : KeyBounds.successor(of: markerBytes)
                    if !start.lexicographicallyPrecedes(lower) { lower = start }
                    if markerBytes.starts(with: prefixBytes),
                       let common = KeyBounds.commonPrefix(of: markerBytes, prefixLength: prefixBytes.count,
                                                           delimiter: delimiterBytes),
                       let next = KeyBounds.upperBound(ofPrefix: common),
                       lower.lexicographicallyPrecedes(next) {
                        lower = next
                    }
                }

                var page = VersionListPage(versions: [], commonPrefixes: [], isTruncated: false,
                                           nextKeyMarker: nil, nextVersionIdMarker: nil)
                var count = 0
                var full = false
                var lastIsPrefix = false
                func room() -> Bool {
                    if count < maxKeys { return true }
                    page.isTruncated = true
                    full = true
                    return false
                }
                while !full {
                    var jumped = false
                    var rows: [ObjectRow] = []
                    // Current rows are collected first and their versions read after the scan, so two
                    // statements never step at once on this connection.
                    try Self.scan(db, bucket: bucket, lower: lower, upper: upper, limit: max(maxKeys, 0) + 1,
                                  markers: true) { keyBytes, s in
                        if let common = KeyBounds.commonPrefix(of: keyBytes, prefixLength: prefixBytes.count,
                                                               delimiter: delimiterBytes) {
                            rows.append(ObjectRow(info: ObjectInfo(bucket: bucket, key: String(decoding: common, as: UTF8.self),
                                                                   size: -1, etag: "", lastModified: Date(), metadata: ObjectMetadata()),
                                                  segments: SegmentList(entries: [])))
                            if let next = KeyBounds.upperBound(ofPrefix: common) {
                                lower = next
                                jumped = true
                            }
                            return false
                        }
                        rows.append(ObjectRow(bucket: bucket, statement: s))
                        return true
                    }
                    for row in rows {
                        if row.info.size == -1 {   // a common prefix
                            guard room() else { break }
                            page.commonPrefixes.append(row.info.key)
                            count += 1
                            lastIsPrefix = true
                            continue
                        }
                        var versions = [row.info]
                        try ObjectRow.noncurrent(db, bucket: bucket, key: row.info.key) { versions.append($0.info); return true }
                        if resumeInside, row.info.key == keyMarker, let marker = versionIdMarker {
                            if let at = versions.firstIndex(where: { $0.versionIdOrNull == marker }) {
                                versions.removeFirst(at + 1)
                            }
                        }
                        for version in versions {
                            guard room() else { break }
                            page.versions.append(version)
                            count += 1
                            lastIsPrefix = false
                        }
                        if full { break }
                    }
                    if !full && !jumped {
                        // The scan ran dry, or stopped at its row limit with room left (markers and
                        // versions are at least one entry per row, so that means it ran dry).
                        if rows.count <= maxKeys { break }
                        guard let last = rows.last else { break }
                        lower = KeyBounds.successor(of: Array(last.info.key.utf8))
                    }
                }
                if page.isTruncated {
                    if lastIsPrefix {
                        page.nextKeyMarker = page.commonPrefixes.last
                    } else if let last = page.versions.last {
                        page.nextKeyMarker = last.key
                        page.nextVersionIdMarker = last.versionIdOrNull
                    }
                }
                return page
            }
        }
    }
}
