import Foundation
import Testing
@testable import PailStorage

@Suite struct StoredTotalsTests {
    @Test func emptyStoreHoldsNothing() throws {
        let f = try StoreFixture()
        let totals = try f.store.storedTotals()
        #expect(totals.objects == 0)
        #expect(totals.bytes == 0)
    }

    /// Objects count current versions only; bytes count every version kept, and a delete marker
    /// (no data) counts in neither.
    @Test func countsCurrentObjectsAndBytesOfEveryVersion() throws {
        let f = try StoreFixture()
        try f.put("a", "12345")
        try f.store.setVersioning("b", .enabled)
        try f.put("k", "one")
        try f.put("k", "three")
        _ = try f.store.delete(bucket: "b", key: "a")
        let totals = try f.store.storedTotals()
        #expect(totals.objects == 1)
        #expect(totals.bytes == 5 + 3 + 5)
    }

    @Test func overwriteInUnversionedBucketReplacesTheBytes() throws {
        let f = try StoreFixture()
        try f.put("k", "a longer body")
        try f.put("k", "short")
        let totals = try f.store.storedTotals()
        #expect(totals.objects == 1)
        #expect(totals.bytes == 5)
    }
}
