import Foundation
import Testing
@testable import PailStorage

@Suite struct DurabilityTests {
    @Test func reopenedStore_seesEverything() throws {
        let f = try StoreFixture(durable: true)
        try f.store.createBucket("second", owner: "o2", region: "r2")
        let meta = ObjectMetadata(contentType: "text/plain", user: [UserMetadataEntry(name: "k", value: "v")])
        let info = try f.put("dir/obj", "persisted", metadata: meta)
        let upload = try f.store.createUpload(bucket: "b", key: "mp", metadata: meta, checksumAlgorithm: nil,
                                              checksumType: nil, owner: "o")
        let writer = try f.store.makePartWriter(bucket: "b", uploadId: upload.uploadId, partNumber: 1)
        try Data("part".utf8).withUnsafeBytes { try writer.write($0) }
        let part = try writer.commitPart(etag: "pe", checksum: nil)

        let reopened = try f.reopen()
        #expect(try reopened.listBuckets().map(\.name) == ["b", "second"])
        #expect(try reopened.head(bucket: "b", key: "dir/obj") == info)
        #expect(StoreFixture.read(try reopened.open(bucket: "b", key: "dir/obj")) == Data("persisted".utf8))
        #expect(try reopened.upload(bucket: "b", uploadId: upload.uploadId) == upload)
        #expect(try reopened.listParts(bucket: "b", uploadId: upload.uploadId, after: 0, max: 10) == [part])
        let done = try reopened.completeUpload(bucket: "b", uploadId: upload.uploadId, partNumbers: [1], etag: "x-1",
                                               metadata: meta, condition: .none)
        #expect(done.size == 4)
        #expect(try f.text("mp") == "part")
    }

    @Test func orphanSweep_removesUnreferencedFiles_neverReferencedOnes() throws {
        let f = try StoreFixture()
        try f.put("kept", "referenced")
        let upload = try f.store.createUpload(bucket: "b", key: "mp", metadata: ObjectMetadata(), checksumAlgorithm: nil,
                                              checksumType: nil, owner: "o")
        let partWriter = try f.store.makePartWriter(bucket: "b", uploadId: upload.uploadId, partNumber: 1)
        try Data("p".utf8).withUnsafeBytes { try partWriter.write($0) }
        _ = try partWriter.commitPart(etag: "e", checksum: nil)
        let referenced = f.dataFiles()

        // Litter a crash would leave: a written but uncommitted object file and a part file, plus tmp.
        let orphanObject = f.directory.appendingPathComponent("objects/ab/ab" + String(repeating: "0", count: 30))
        let orphanPart = f.directory.appendingPathComponent("uploads/cd/cd" + String(repeating: "1", count: 30))
        let tmpFile = f.directory.appendingPathComponent("tmp/leftover")
        for url in [orphanObject, orphanPart] {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data("orphan".utf8).write(to: url)
        }
        try Data("t".utf8).write(to: tmpFile)
        // A file being written right now is unreferenced too, but must survive.
        let inFlight = try f.store.makeWriter(bucket: "b")
        try Data("in flight".utf8).withUnsafeBytes { try inFlight.write($0) }

        // Young files are left alone under the default age.
        try f.store.sweepOrphans()
        #expect(FileManager.default.fileExists(atPath: orphanObject.path))

        try f.store.sweepOrphans(minimumAge: 0)
        #expect(!FileManager.default.fileExists(atPath: orphanObject.path))
        #expect(!FileManager.default.fileExists(atPath: orphanPart.path))
        #expect(!FileManager.default.fileExists(atPath: tmpFile.path))
        #expect(referenced.isSubset(of: f.dataFiles()))
        #expect(f.dataFiles().count == referenced.count + 1)

        _ = try inFlight.commit(key: "late", etag: "e", metadata: ObjectMetadata(), condition: .none)
        #expect(try f.text("late") == "in flight")
        #expect(try f.text("kept") == "referenced")
    }
}
