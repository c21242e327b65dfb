import Foundation

extension SigV4 {
    /// Appends `canonicalQuery(pairs:excluding:)` to `out`: every pair whose decoded name is not in
    /// `excluding` as `name=value` with both encoded (`/` as `%2F`), sorted by encoded name and then
    /// encoded value, byte by byte, joined by `&`. No pairs (or all excluded) append nothing.
    public static func appendCanonicalQuery(pairs: [(String, String)], excluding: [String] = [], to out: inout [UInt8]) {
        if pairs.isEmpty { return }
        var bound = 0
        for (n, v) in pairs { bound += 3 * (n.utf8.count + v.utf8.count) + 1 }
        // Every pair is encoded once into scratch, and the sort moves spans of it rather than arrays.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: bound) { scratch in
            withUnsafeTemporaryAllocation(of: EncodedPair.self, capacity: pairs.count) { spans in
                let base = scratch.baseAddress!
                var o = 0, count = 0
                for (n, v) in pairs where !excluding.contains(n) {
                    let start = o
                    o += withUTF8Bytes(n) { URIEncoding.encode($0, to: base + o, encodeSlash: true) }
                    let equals = o
                    base[o] = UInt8(ascii: "=")
                    o += 1
                    o += withUTF8Bytes(v) { URIEncoding.encode($0, to: base + o, encodeSlash: true) }
                    spans.initializeElement(at: count, to: EncodedPair(start: start, equals: equals, end: o))
                    count += 1
                }
                var sorted = UnsafeMutableBufferPointer(rebasing: spans[0..<count])
                sorted.sortSpans(base)
                out.reserveCapacity(out.count + o + count)
                for (i, pair) in sorted.enumerated() {
                    if i > 0 { out.append(UInt8(ascii: "&")) }
                    out.append(contentsOf: UnsafeBufferPointer(start: base + pair.start, count: pair.end - pair.start))
                }
            }
        }
    }
}

/// One encoded `name=value` in a scratch buffer: the name is `start..<equals`, the value
/// `equals + 1..<end`.
private struct EncodedPair {
    var start: Int, equals: Int, end: Int

    /// SigV4 order: by name, then by value, comparing bytes (shorter first on a common prefix).
    func precedes(_ other: EncodedPair, _ base: UnsafeMutablePointer<UInt8>) -> Bool {
        let byName = compare(base + start, equals - start, base + other.start, other.equals - other.start)
        if byName != 0 { return byName < 0 }
        return compare(base + equals + 1, end - equals - 1, base + other.equals + 1, other.end - other.equals - 1) < 0
    }

    private func compare(_ a: UnsafeMutablePointer<UInt8>, _ aCount: Int, _ b: UnsafeMutablePointer<UInt8>, _ bCount: Int) -> Int {
        let common = memcmp(a, b, min(aCount, bCount))
        return common != 0 ? Int(common) : aCount - bCount
    }
}

private extension UnsafeMutableBufferPointer where Element == EncodedPair {
    /// Sorts in SigV4 order. A query has a handful of parameters, usually sorted or nearly so
    /// (botocore puts only `X-Amz-SignedHeaders` before `X-Amz-Expires`): insertion sort does that in
    /// a few comparisons, and long queries go to the library sort.
    mutating func sortSpans(_ base: UnsafeMutablePointer<UInt8>) {
        guard count <= 16 else { return sort { $0.precedes($1, base) } }
        var i = 1
        while i < count {
            let pair = self[i]
            var j = i
            while j > 0, pair.precedes(self[j - 1], base) {
                self[j] = self[j - 1]
                j -= 1
            }
            self[j] = pair
            i += 1
        }
    }
}
