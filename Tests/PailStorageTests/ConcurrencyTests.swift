import Foundation
import Synchronization
import Testing
@testable import PailStorage

@Suite struct ConcurrencyTests {
    @Test func sixtyFourThreadsCommitting_allObjectsPresent() throws {
        let f = try StoreFixture(durable: true)
        let store = f.store
        let errors = Mutex<[Error]>([])
        onThreads(64) { t in
            for i in 0..<10 {
                do { _ = try StoreFixture.put(store, "t\(t)/o\(i)", Data("\(t)-\(i)".utf8)) }
                catch { errors.withLock { $0.append(error) } }
            }
        }
        #expect(errors.withLock { $0.isEmpty })
        let page = try store.list(bucket: "b", prefix: "", delimiter: nil, after: nil, maxKeys: 1000)
        #expect(page.objects.count == 640 && !page.isTruncated)
        for t in stride(from: 0, to: 64, by: 7) {
            #expect(try f.text("t\(t)/o9") == "\(t)-9")
        }
        #expect(f.dataFiles().count == 640)
    }

    @Test func readersDuringOverwrites_alwaysSeeAWholeVersion() throws {
        let f = try StoreFixture()
        let store = f.store
        try f.put("hot", String(repeating: "0", count: 1000))
        let bad = Mutex(0)
        onThreads(4) { t in
            for i in 0..<100 {
                if t == 0 {
                    let digit = String(i % 10)
                    _ = try? StoreFixture.put(store, "hot", Data(String(repeating: digit, count: 1000).utf8))
                } else {
                    guard let content = try? store.open(bucket: "b", key: "hot") else { bad.withLock { $0 += 1 }; continue }
                    let data = StoreFixture.read(content)
                    if data.count != 1000 || Set(data).count != 1 { bad.withLock { $0 += 1 } }
                }
            }
        }
        #expect(bad.withLock { $0 } == 0)
    }
}
