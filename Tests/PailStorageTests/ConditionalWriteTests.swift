import Foundation
import Synchronization
import Testing
@testable import PailStorage

@Suite struct ConditionalWriteTests {
    @Test func mustNotExist_succeedsOnNewKey_failsOnExisting() throws {
        let f = try StoreFixture()
        try f.put("k", "first", condition: .mustNotExist)
        #expect(throws: StorageError.preconditionFailed) { try f.put("k", "second", condition: .mustNotExist) }
        #expect(try f.text("k") == "first")
    }

    @Test func etagMatches_requiresExistingObjectWithThatETag() throws {
        let f = try StoreFixture()
        // No object to match: AWS answers If-Match on a missing key with 404 NoSuchKey.
        #expect(throws: StorageError.noSuchKey) { try f.put("k", "x", condition: .etagMatches("etag-1")) }
        try f.put("k", "abc")
        #expect(throws: StorageError.preconditionFailed) { try f.put("k", "x", condition: .etagMatches("etag-9")) }
        try f.put("k", "abcd", condition: .etagMatches("etag-3"))
        #expect(try f.text("k") == "abcd")
    }

    @Test func failedCommit_leavesNothing_andAbortRemovesFile() throws {
        let f = try StoreFixture()
        try f.put("k", "keep")
        let writer = try f.store.makeWriter(bucket: "b")
        try Data("lose".utf8).withUnsafeBytes { try writer.write($0) }
        #expect(throws: StorageError.preconditionFailed) {
            try writer.commit(key: "k", etag: "e", metadata: ObjectMetadata(), condition: .mustNotExist)
        }
        writer.abort()
        #expect(f.dataFiles().count == 1)
        #expect(try f.text("k") == "keep")
    }

    @Test func eightThreadsRacingIfNoneMatch_exactlyOneWins() throws {
        let f = try StoreFixture(durable: true)
        let store = f.store
        let tally = Mutex((wins: 0, losses: 0, others: [Error]()))
        let ready = DispatchGroup()
        let go = DispatchSemaphore(value: 0)
        for _ in 0..<8 { ready.enter() }
        let starter = Thread { ready.wait(); for _ in 0..<8 { go.signal() } }
        starter.start()
        onThreads(8) { i in
            do {
                let writer = try store.makeWriter(bucket: "b")
                try Data("writer \(i)".utf8).withUnsafeBytes { try writer.write($0) }
                ready.leave()
                go.wait()
                _ = try writer.commit(key: "contested", etag: "e\(i)", metadata: ObjectMetadata(), condition: .mustNotExist)
                tally.withLock { $0.wins += 1 }
            } catch StorageError.preconditionFailed {
                tally.withLock { $0.losses += 1 }
            } catch {
                tally.withLock { $0.others.append(error) }
            }
        }
        let (wins, losses, others) = tally.withLock { ($0.wins, $0.losses, $0.others) }
        #expect(wins == 1 && losses == 7 && others.isEmpty)
        let winner = try f.store.head(bucket: "b", key: "contested")
        #expect(try f.text("contested") == "writer \(winner.etag.dropFirst())")
        #expect(f.dataFiles().count == 1)
    }
}
