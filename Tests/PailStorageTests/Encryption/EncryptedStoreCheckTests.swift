import Foundation
import Testing
import PailS3
@testable import PailStorage

/// `pail fsck` on encrypted objects: their stored bytes are longer than their size (headers and
/// tags), which a check must expect rather than report, and a repair must never truncate.
@Suite struct EncryptedStoreCheckTests {
    typealias F = EncryptionFixture

    @Test func encryptedObjectsPartsAndInlineRows_areClean_andRepairChangesNothing() throws {
        let f = CheckFixture()
        let record = F.record(chunkSize: ChunkLayout.defaultChunkSize)
        try f.withStore(inlineLimit: 1000) { store in
            for (key, size) in [("inline", 100), ("file", 200_000), ("empty", 0)] {
                let writer = EncryptedObjectWriter(wrapping: try store.makeWriter(bucket: "b"), dataKey: F.dataKey,
                                                   encryption: record, random: F.counterRandom())
                try F.plaintext(size).withUnsafeBytes { try writer.write($0) }
                _ = try writer.commit(key: key, etag: md5(F.plaintext(size)).hex, metadata: ObjectMetadata(), condition: .none)
            }
            var metadata = ObjectMetadata()
            metadata.encryption = record
            let upload = try store.createUpload(bucket: "b", key: "mp", metadata: metadata, checksumAlgorithm: nil,
                                                checksumType: nil, owner: "o", tags: [])
            for (n, size) in [(1, 70_000), (2, 5)] {
                let part = EncryptedPartWriter(wrapping: try store.makePartWriter(bucket: "b", uploadId: upload.uploadId, partNumber: n),
                                               dataKey: F.dataKey, partNumber: n, chunkSize: record.chunkSize, random: F.counterRandom())
                try F.plaintext(size).withUnsafeBytes { try part.write($0) }
                _ = try part.commitPart(etag: md5(F.plaintext(size)).hex, checksum: nil)
            }
            // A second upload completes: its object's segments are the encrypted part files.
            let done = try store.createUpload(bucket: "b", key: "done", metadata: metadata, checksumAlgorithm: nil,
                                              checksumType: nil, owner: "o", tags: [])
            let part = EncryptedPartWriter(wrapping: try store.makePartWriter(bucket: "b", uploadId: done.uploadId, partNumber: 3),
                                           dataKey: F.dataKey, partNumber: 3, chunkSize: record.chunkSize, random: F.counterRandom())
            try F.plaintext(90_000).withUnsafeBytes { try part.write($0) }
            _ = try part.commitPart(etag: "e", checksum: nil)
            metadata.encryption?.parts = [3]
            _ = try store.completeUpload(bucket: "b", uploadId: done.uploadId, partNumbers: [3], etag: "e-1",
                                         metadata: metadata, condition: .none)
            let content = try store.open(bucket: "b", key: "done")
            let reader = try EncryptedRangeReader(content: content, dataKey: F.dataKey, encryption: content.info.metadata.encryption!,
                                                  start: 0, length: content.info.size)
            var back: [UInt8] = []
            try reader.forEach { back += $0 }
            #expect(back == F.plaintext(90_000))
        }
        let before = f.snapshot()
        let report = try f.check(deep: true)
        #expect(report.problems.isEmpty, "\(report.problems)")
        #expect(report.counts.currentRows == 4 && report.counts.parts == 2)
        let repaired = try f.check(repair: true, deep: true)
        #expect(!repaired.changed && repaired.actions.isEmpty, "\(repaired.actions)")
        #expect(f.snapshot().0.filter { !$0.key.hasSuffix("-shm") } == before.0.filter { !$0.key.hasSuffix("-shm") })
    }
}
