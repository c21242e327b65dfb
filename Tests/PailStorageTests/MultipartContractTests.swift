import Foundation
import Testing
@testable import PailStorage

@Suite struct MultipartContractTests {
    private func create(_ f: StoreFixture, key: String = "mp", metadata: ObjectMetadata = ObjectMetadata()) throws -> UploadInfo {
        try f.store.createUpload(bucket: "b", key: key, metadata: metadata, checksumAlgorithm: "crc32",
                                 checksumType: "COMPOSITE", owner: "o")
    }

    @discardableResult
    private func part(_ f: StoreFixture, _ upload: UploadInfo, _ number: Int, _ text: String) throws -> PartInfo {
        let writer = try f.store.makePartWriter(bucket: "b", uploadId: upload.uploadId, partNumber: number)
        try Data(text.utf8).withUnsafeBytes { try writer.write($0) }
        return try writer.commitPart(etag: "p\(number)-\(text.count)", checksum: "c\(number)")
    }

    @Test func createUpload_thenUpload_returnsRecord() throws {
        let f = try StoreFixture()
        let meta = ObjectMetadata(contentType: "video/mp4")
        let upload = try create(f, metadata: meta)
        #expect(upload.uploadId.count >= 16)
        #expect(upload.uploadId.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" })
        #expect(try f.store.upload(bucket: "b", uploadId: upload.uploadId) == upload)
        #expect(upload.metadata == meta && upload.checksumAlgorithm == "crc32" && upload.checksumType == "COMPOSITE")
        #expect(abs(upload.initiated.timeIntervalSince(f.now)) < 0.001)
    }

    @Test func unknownUpload_throwsNoSuchUpload_alsoFromAnotherBucket() throws {
        let f = try StoreFixture()
        try f.store.createBucket("other", owner: "o", region: "r")
        let upload = try create(f)
        let s = f.store
        #expect(throws: StorageError.noSuchUpload) { try s.upload(bucket: "other", uploadId: upload.uploadId) }
        #expect(throws: StorageError.noSuchUpload) { try s.upload(bucket: "b", uploadId: "nope") }
        #expect(throws: StorageError.noSuchUpload) { try s.makePartWriter(bucket: "b", uploadId: "nope", partNumber: 1) }
        #expect(throws: StorageError.noSuchUpload) { try s.listParts(bucket: "b", uploadId: "nope", after: 0, max: 10) }
        #expect(throws: StorageError.noSuchUpload) { try s.abortUpload(bucket: "other", uploadId: upload.uploadId) }
        #expect(throws: StorageError.noSuchUpload) {
            try s.completeUpload(bucket: "b", uploadId: "nope", partNumbers: [1], etag: "e", metadata: ObjectMetadata(), condition: .none)
        }
    }

    @Test func parts_listAscending_withAfterAndMax_andReplaceSameNumber() throws {
        let f = try StoreFixture()
        let upload = try create(f)
        for n in [3, 1, 2, 5] { try part(f, upload, n, "part\(n)") }
        try part(f, upload, 2, "replaced")
        let all = try f.store.listParts(bucket: "b", uploadId: upload.uploadId, after: 0, max: 100)
        #expect(all.map(\.partNumber) == [1, 2, 3, 5])
        #expect(all[1].etag == "p2-8" && all[1].size == 8 && all[1].checksum == "c2")
        #expect(try f.store.listParts(bucket: "b", uploadId: upload.uploadId, after: 1, max: 2).map(\.partNumber) == [2, 3])
        #expect(f.dataFiles().filter { $0.hasPrefix("uploads/") }.count == 4)
    }

    @Test func complete_withSubsetReordered_concatenatesWithoutCopying() throws {
        let f = try StoreFixture()
        try f.put("mp", "old version")
        let upload = try create(f)
        for n in 1...4 { try part(f, upload, n, "<\(n)>") }
        let filesBefore = f.dataFiles()
        let meta = ObjectMetadata(contentType: "application/octet-stream")
        let info = try f.store.completeUpload(bucket: "b", uploadId: upload.uploadId, partNumbers: [3, 1, 4],
                                              etag: "abc-3", metadata: meta, condition: .none)
        #expect(info.size == 9 && info.partSizes == [3, 3, 3] && info.etag == "abc-3" && info.metadata == meta)
        #expect(try f.text("mp") == "<3><1><4>")
        #expect(try f.store.head(bucket: "b", key: "mp") == info)
        let content = try f.store.open(bucket: "b", key: "mp")
        #expect(content.segments.count == 3)
        #expect(StoreFixture.read(content) == Data("<3><1><4>".utf8))
        let range = content.segments(from: 2, length: 4)
        #expect(range.count == 2 && range[0].length == 1 && range[1].length == 3)
        // Chosen part files became the object's files; part 2 and the old version are gone.
        let after = f.dataFiles()
        #expect(after.count == 3 && after.isSubset(of: filesBefore))
        #expect(throws: StorageError.noSuchUpload) { try f.store.upload(bucket: "b", uploadId: upload.uploadId) }
        try f.store.delete(bucket: "b", key: "mp")
        #expect(f.dataFiles().isEmpty)
    }

    @Test func complete_withFailedCondition_keepsUpload() throws {
        let f = try StoreFixture()
        try f.put("mp", "exists")
        let upload = try create(f)
        try part(f, upload, 1, "x")
        #expect(throws: StorageError.preconditionFailed) {
            try f.store.completeUpload(bucket: "b", uploadId: upload.uploadId, partNumbers: [1], etag: "e-1",
                                       metadata: ObjectMetadata(), condition: .mustNotExist)
        }
        #expect(try f.store.listParts(bucket: "b", uploadId: upload.uploadId, after: 0, max: 10).count == 1)
        #expect(try f.text("mp") == "exists")
    }

    @Test func commitPart_afterAbort_throwsNoSuchUpload_andLeavesNoFile() throws {
        let f = try StoreFixture()
        let upload = try create(f)
        let writer = try f.store.makePartWriter(bucket: "b", uploadId: upload.uploadId, partNumber: 1)
        try Data("x".utf8).withUnsafeBytes { try writer.write($0) }
        try f.store.abortUpload(bucket: "b", uploadId: upload.uploadId)
        #expect(throws: StorageError.noSuchUpload) { try writer.commitPart(etag: "e", checksum: nil) }
        writer.abort()
        #expect(f.dataFiles().isEmpty)
    }

    @Test func abort_removesRowsAndFiles() throws {
        let f = try StoreFixture()
        let upload = try create(f)
        for n in 1...3 { try part(f, upload, n, "data") }
        #expect(f.dataFiles().count == 3)
        try f.store.abortUpload(bucket: "b", uploadId: upload.uploadId)
        #expect(f.dataFiles().isEmpty)
        #expect(throws: StorageError.noSuchUpload) { try f.store.upload(bucket: "b", uploadId: upload.uploadId) }
    }

    @Test func abortUploadsInitiatedBefore_abortsOnlyOlderOnes() throws {
        let f = try StoreFixture()
        let old1 = try create(f, key: "a")
        let old2 = try create(f, key: "b")
        try part(f, old1, 1, "x")
        f.now = f.now.addingTimeInterval(3600)
        let fresh = try create(f, key: "c")
        try part(f, fresh, 1, "y")
        #expect(try f.store.abortUploads(initiatedBefore: f.now.addingTimeInterval(-60)) == 2)
        #expect(throws: StorageError.noSuchUpload) { try f.store.upload(bucket: "b", uploadId: old2.uploadId) }
        #expect(try f.store.upload(bucket: "b", uploadId: fresh.uploadId) == fresh)
        #expect(f.dataFiles().count == 1)
    }

    @Test func listUploads_ordersByKeyThenInitiated_withMarkersPrefixAndMax() throws {
        let f = try StoreFixture()
        let a1 = try create(f, key: "a")
        f.now = f.now.addingTimeInterval(1)
        let a2 = try create(f, key: "a")
        let b1 = try create(f, key: "b")
        let c1 = try create(f, key: "c/x")
        func ids(_ prefix: String = "", _ key: String? = nil, _ id: String? = nil, _ max: Int = 100) throws -> [String] {
            try f.store.listUploads(bucket: "b", prefix: prefix, keyMarker: key, uploadIdMarker: id, max: max).map(\.uploadId)
        }
        #expect(try ids() == [a1, a2, b1, c1].map(\.uploadId))
        #expect(try ids("", nil, nil, 2) == [a1, a2].map(\.uploadId))
        #expect(try ids("", "a") == [b1, c1].map(\.uploadId))
        #expect(try ids("", "a", a1.uploadId) == [a2, b1, c1].map(\.uploadId))
        #expect(try ids("c/") == [c1.uploadId])
    }
}
