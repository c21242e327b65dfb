import Foundation
import Synchronization
import Testing
@testable import PailStorage

@Suite struct ListingContractTests {
    private func list(_ f: StoreFixture, prefix: String = "", delimiter: String? = nil, after: String? = nil,
                      maxKeys: Int = 1000) throws -> ListPage {
        try f.store.list(bucket: "b", prefix: prefix, delimiter: delimiter, after: after, maxKeys: maxKeys)
    }

    @Test func keys_comeInUTF8ByteOrder() throws {
        let f = try StoreFixture()
        // Byte order, not Unicode or locale order: "Z" < "a" < "é" (C3 A9) < "中" (E4 B8 AD) < "🧪" (F0).
        for key in ["🧪", "a", "中", "é", "Z", "a b", "a/b", "a-b"] { try f.put(key, key) }
        #expect(try list(f).objects.map(\.key) == ["Z", "a", "a b", "a-b", "a/b", "é", "中", "🧪"])
    }

    @Test func prefix_andAfter_filter() throws {
        let f = try StoreFixture()
        for key in ["a1", "a2", "a3", "b1", "ab"] { try f.put(key, key) }
        #expect(try list(f, prefix: "a").objects.map(\.key) == ["a1", "a2", "a3", "ab"])
        #expect(try list(f, prefix: "a", after: "a2").objects.map(\.key) == ["a3", "ab"])
        #expect(try list(f, after: "a3").objects.map(\.key) == ["ab", "b1"])
        #expect(try list(f, prefix: "b", after: "a").objects.map(\.key) == ["b1"])
        #expect(try list(f, prefix: "zz").objects.isEmpty)
        let info = try list(f, prefix: "b").objects[0]
        #expect(info == (try f.store.head(bucket: "b", key: "b1")))
    }

    @Test func delimiter_rollsUpCommonPrefixes() throws {
        let f = try StoreFixture()
        for key in ["photos/2023/a.jpg", "photos/2023/b.jpg", "photos/2024/c.jpg", "photos/readme", "top", "videos/x"] {
            try f.put(key, "x")
        }
        let root = try list(f, delimiter: "/")
        #expect(root.commonPrefixes == ["photos/", "videos/"])
        #expect(root.objects.map(\.key) == ["top"])
        #expect(!root.isTruncated)
        let photos = try list(f, prefix: "photos/", delimiter: "/")
        #expect(photos.commonPrefixes == ["photos/2023/", "photos/2024/"])
        #expect(photos.objects.map(\.key) == ["photos/readme"])
        let multi = try list(f, delimiter: "/20")
        #expect(multi.commonPrefixes == ["photos/20"])
        #expect(multi.objects.map(\.key) == ["photos/readme", "top", "videos/x"])
    }

    @Test func maxKeys_truncatesAndCountsPrefixesOnce() throws {
        let f = try StoreFixture()
        for key in ["a/1", "a/2", "a/3", "b", "c/1", "d"] { try f.put(key, "x") }
        let page = try list(f, delimiter: "/", maxKeys: 2)
        #expect(page.commonPrefixes == ["a/"] && page.objects.map(\.key) == ["b"])
        #expect(page.isTruncated && page.nextMarker == "b")
        let next = try list(f, delimiter: "/", after: page.nextMarker, maxKeys: 2)
        #expect(next.commonPrefixes == ["c/"] && next.objects.map(\.key) == ["d"])
        #expect(!next.isTruncated && next.nextMarker == "d")
        // A marker that is a common prefix resumes after everything under it.
        let afterPrefix = try list(f, delimiter: "/", after: "a/", maxKeys: 10)
        #expect(afterPrefix.commonPrefixes == ["c/"] && afterPrefix.objects.map(\.key) == ["b", "d"])
    }

    @Test func exactlyFullPage_isNotTruncated() throws {
        let f = try StoreFixture()
        for key in ["a", "b", "c"] { try f.put(key, "x") }
        let page = try list(f, maxKeys: 3)
        #expect(page.objects.count == 3 && !page.isTruncated && page.nextMarker == "c")
    }

    @Test func maxKeysZero_returnsEmptyPage_truncatedIfAnythingMatches() throws {
        let f = try StoreFixture()
        let empty = try list(f, maxKeys: 0)
        #expect(empty.objects.isEmpty && empty.commonPrefixes.isEmpty && !empty.isTruncated && empty.nextMarker == nil)
        try f.put("k", "x")
        let page = try list(f, maxKeys: 0)
        #expect(page.objects.isEmpty && page.isTruncated)
        #expect(!(try list(f, prefix: "z", maxKeys: 0).isTruncated))
    }

    @Test func emptyDelimiter_actsAsNone() throws {
        let f = try StoreFixture()
        try f.put("a/b", "x")
        let page = try list(f, delimiter: "")
        #expect(page.objects.map(\.key) == ["a/b"] && page.commonPrefixes.isEmpty)
    }

    @Test func prefixWithMultibyteTail_boundsCorrectly() throws {
        let f = try StoreFixture()
        for key in ["é", "éa", "éz", "ê", "f"] { try f.put(key, "x") }
        #expect(try list(f, prefix: "é").objects.map(\.key) == ["é", "éa", "éz"])
    }

    @Test func paging2500Keys_withoutDelimiter_visitsEachOnce() throws {
        let f = try StoreFixture()
        let keys = try Self.fill(f)
        var seen: [String] = []
        var marker: String?
        var pages = 0
        repeat {
            let page = try list(f, after: marker, maxKeys: 333)
            seen += page.objects.map(\.key)
            #expect(page.commonPrefixes.isEmpty)
            pages += 1
            if !page.isTruncated { break }
            marker = page.nextMarker
        } while pages < 100
        #expect(seen == keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })
        #expect(pages == 8)
    }

    @Test func paging2500Keys_withDelimiter_visitsEachOnce() throws {
        let f = try StoreFixture()
        let keys = try Self.fill(f)
        var objects: [String] = []
        var prefixes: [String] = []
        var marker: String?
        var pages = 0
        repeat {
            let page = try list(f, delimiter: "/", after: marker, maxKeys: 7)
            objects += page.objects.map(\.key)
            prefixes += page.commonPrefixes
            #expect(page.objects.count + page.commonPrefixes.count <= 7)
            pages += 1
            if !page.isTruncated { break }
            marker = page.nextMarker
        } while pages < 1000
        let expectedPrefixes = Set(keys.compactMap { k in k.firstIndex(of: "/").map { String(k[...$0]) } })
        #expect(prefixes == expectedPrefixes.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })
        #expect(objects == keys.filter { !$0.contains("/") }.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })

        // Inside one prefix, paging with the delimiter sees every key below it once.
        var inner: [String] = []
        marker = nil
        repeat {
            let page = try list(f, prefix: "dir03/", delimiter: "/", after: marker, maxKeys: 50)
            inner += page.objects.map(\.key)
            if !page.isTruncated { break }
            marker = page.nextMarker
        } while true
        #expect(inner == keys.filter { $0.hasPrefix("dir03/") }.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })
    }

    /// 2500 keys: 2000 spread over 20 directories, 500 at the top, written in batches from threads.
    static func fill(_ f: StoreFixture) throws -> [String] {
        var keys: [String] = []
        for i in 0..<2000 { keys.append(String(format: "dir%02d/obj-%05d", i % 20, i)) }
        for i in 0..<500 { keys.append(String(format: "top-%05d", i)) }
        let store = f.store
        let failed = Mutex(0)
        onThreads(8) { [keys] t in
            for (i, key) in keys.enumerated() where i % 8 == t {
                do { _ = try StoreFixture.put(store, key, Data("v".utf8)) } catch { failed.withLock { $0 += 1 } }
            }
        }
        #expect(failed.withLock { $0 } == 0)
        return keys
    }
}
