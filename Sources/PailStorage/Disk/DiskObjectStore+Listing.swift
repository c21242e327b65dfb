import Foundation

extension DiskObjectStore {
    /// Range scans over the (bucket, key) primary key: `key >= lower AND key < upper`, where lower
    /// starts at max(prefix, successor(after)). When a key rolls up into a common prefix, the scan
    /// jumps to that prefix's upper bound instead of reading every key under it, so a page costs
    /// O(page size) index seeks whatever the number of keys below each common prefix.
    public func list(bucket: String, prefix: String, delimiter: String?, after: String?, maxKeys: Int) throws -> ListPage {
        try readers.read { db in
            guard try BucketRow.exists(db, bucket) else { throw StorageError.noSuchBucket }
            let prefixBytes = Array(prefix.utf8)
            let upper = KeyBounds.upperBound(ofPrefix: prefixBytes)
            var lower = prefixBytes
            if let after {
                let afterSuccessor = KeyBounds.successor(of: Array(after.utf8))
                if afterSuccessor.lexicographicallyPrecedes(lower) == false { lower = afterSuccessor }
            }
            let delimiterBytes = delimiter.map { Array($0.utf8) } ?? []
            if let after {
                // A marker inside a common prefix (the prefix itself, as nextMarker returns it, or a
                // key under it) means that prefix was already returned: resume after all of it.
                let afterBytes = Array(after.utf8)
                if afterBytes.starts(with: prefixBytes),
                   let common = KeyBounds.commonPrefix(of: afterBytes, prefixLength: prefixBytes.count,
                                                       delimiter: delimiterBytes),
                   let next = KeyBounds.upperBound(ofPrefix: common),
                   lower.lexicographicallyPrecedes(next) {
                    lower = next
                }
            }

            guard maxKeys > 0 else {
                // S3 answers max-keys=0 with an empty page, truncated if anything would match.
                var any = false
                try Self.scan(db, bucket: bucket, lower: lower, upper: upper, limit: 1) { _, _ in any = true; return false }
                return ListPage(objects: [], commonPrefixes: [], isTruncated: any, nextMarker: nil)
            }

            var objects: [ObjectInfo] = []
            objects.reserveCapacity(min(maxKeys, 1000))   // regrowing moved every ObjectInfo again
            var prefixes: [String] = []
            var truncated = false
            var finished = false
            var lastIsPrefix = false
            while !finished {
                var jumped = false
                // Rows are decoded one at a time as the statement steps, so a jump wastes nothing.
                try Self.scan(db, bucket: bucket, lower: lower, upper: upper,
                              limit: maxKeys - objects.count - prefixes.count + 1) { keyBytes, s in
                    if objects.count + prefixes.count == maxKeys { truncated = true; return false }
                    if let common = KeyBounds.commonPrefix(of: keyBytes, prefixLength: prefixBytes.count,
                                                           delimiter: delimiterBytes) {
                        prefixes.append(String(decoding: common, as: UTF8.self))
                        lastIsPrefix = true
                        if let next = KeyBounds.upperBound(ofPrefix: common) {
                            lower = next
                            jumped = true
                        }
                        return false
                    }
                    objects.append(ObjectRow.info(bucket: bucket, statement: s))
                    lastIsPrefix = false
                    return true
                }
                // Without a jump the scan ran dry or stopped at the page limit: the page is complete.
                finished = !jumped
            }
            let last = lastIsPrefix ? prefixes.last : objects.last?.key
            return ListPage(objects: objects, commonPrefixes: prefixes, isTruncated: truncated,
                            nextMarker: last)
        }
    }

    /// Steps through up to `limit` rows with lower <= key < upper (no upper bound when nil) in key
    /// order, handing each row's key bytes (valid during the call) and the positioned statement to
    /// `row` until it returns false.
    /// Delete markers are skipped unless `markers` (a key whose newest version is a marker does not
    /// exist for ListObjects, and forms no common prefix).
    static func scan(_ db: Database, bucket: String, lower: [UInt8], upper: [UInt8]?, limit: Int, markers: Bool = false,
                     _ row: (UnsafeBufferPointer<UInt8>, Statement) throws -> Bool) throws {
        let filter = markers ? "" : " AND marker = 0"
        let sql = upper == nil
            ? "SELECT \(ObjectRow.columns) FROM objects WHERE bucket = ?1 AND key >= ?2\(filter) ORDER BY key LIMIT ?4"
            : "SELECT \(ObjectRow.columns) FROM objects WHERE bucket = ?1 AND key >= ?2 AND key < ?3\(filter) ORDER BY key LIMIT ?4"
        try db.with(sql) { s in
            s.bind(1, bucket)
            s.bind(2, textBytes: lower)
            if let upper { s.bind(3, textBytes: upper) }
            s.bind(4, limit)
            while try s.step() {
                if try !s.withBytes(0, { try row($0, s) }) { return }
            }
        }
    }
}
