import Foundation
import Testing
import PailS3
@testable import PailStorage

@Suite struct ChunkFormatTests {
    typealias F = EncryptionFixture

    @Test(arguments: [0, 1, 15, 16, 17, 48, 100, 64 * 1024 - 1, 64 * 1024, 64 * 1024 + 1, 200_000])
    func roundTrip_anySize_returnsThePlaintext(size: Int) throws {
        let chunk = size > 1000 ? ChunkLayout.defaultChunkSize : 16
        let plain = F.plaintext(size)
        let (stored, info) = try F.encrypt([plain], chunkSize: chunk)
        #expect(info.size == Int64(size))
        #expect(Int64(stored.count) == ChunkLayout.storedLength(plaintext: Int64(size), chunkSize: chunk))
        #expect(try F.decrypt(stored, info) == plain)
        #expect(info.metadata.encryption?.parts == nil && info.partSizes.isEmpty)
    }

    @Test func storedBytes_neverContainThePlaintext() throws {
        let plain = Array("a distinctive plaintext that must not appear on disk, repeated ".utf8)
        let body = Array((0..<50).map { _ in plain }.joined())
        let (stored, _) = try F.encrypt([body], chunkSize: 64)
        #expect(F.find(Array(plain.prefix(24)), in: stored) == nil)
    }

    @Test func everyRange_acrossChunkBoundaries_returnsExactlyThoseBytes() throws {
        let plain = F.plaintext(83)
        let (stored, info) = try F.encrypt([plain], chunkSize: 16)
        for start in 0..<83 {
            for end in (start + 1)...83 {
                let got = try F.decrypt(stored, info, start: Int64(start), length: Int64(end - start))
                #expect(got == Array(plain[start..<end]), "range \(start)..<\(end)")
            }
        }
    }

    @Test func everyRange_ofAMultipartObject_returnsExactlyThoseBytes() throws {
        let parts = [F.plaintext(40, seed: 1), F.plaintext(0, seed: 2), F.plaintext(33, seed: 3), F.plaintext(16, seed: 4)]
        let plain = Array(parts.joined())
        let (stored, info) = try F.encrypt(parts, chunkSize: 16)
        #expect(info.partSizes == [40, 0, 33, 16])
        #expect(info.metadata.encryption?.parts == [1, 2, 3, 4])
        for start in 0..<plain.count {
            for end in (start + 1)...plain.count {
                let got = try F.decrypt(stored, info, start: Int64(start), length: Int64(end - start))
                #expect(got == Array(plain[start..<end]), "range \(start)..<\(end)")
            }
        }
    }

    @Test func oneFlippedByte_anywhere_isDetectedWhereItIsRead() throws {
        let plain = F.plaintext(70)
        let (stored, info) = try F.encrypt([plain], chunkSize: 16)
        for position in 0..<stored.count {
            var tampered = stored
            tampered[position] ^= 0x01
            #expect(throws: EncryptedDataError.self, "byte \(position)") { try F.decrypt(tampered, info) }
        }
    }

    @Test func tamperedChunk_failsOnlyRangesThatTouchIt() throws {
        let plain = F.plaintext(64)
        let (stored, info) = try F.encrypt([plain], chunkSize: 16)
        var tampered = stored
        tampered[ChunkLayout.headerLength + 2 * (16 + 16) + 3] ^= 0x80   // inside chunk 2
        #expect(try F.decrypt(tampered, info, start: 0, length: 32) == Array(plain[0..<32]))
        #expect(throws: EncryptedDataError.self) { try F.decrypt(tampered, info, start: 30, length: 4) }
    }

    @Test func reorderedChunks_areDetected() throws {
        let (stored, info) = try F.encrypt([F.plaintext(48)], chunkSize: 16)
        let c = 16 + ChunkLayout.tagLength, h = ChunkLayout.headerLength
        var swapped = stored
        swapped.replaceSubrange(h..<(h + c), with: stored[(h + c)..<(h + 2 * c)])
        swapped.replaceSubrange((h + c)..<(h + 2 * c), with: stored[h..<(h + c)])
        #expect(throws: EncryptedDataError.self) { try F.decrypt(swapped, info, start: 0, length: 16) }
        #expect(throws: EncryptedDataError.self) { try F.decrypt(swapped, info, start: 16, length: 16) }
    }

    @Test func truncatedAtAChunkBoundary_withARecordToMatch_isDetected() throws {
        // The last chunk removed and the record shortened to match: chunk 1 was sealed as not final.
        let (stored, info) = try F.encrypt([F.plaintext(48)], chunkSize: 16)
        var short = info
        short.size = 32
        let cut = Array(stored[0..<(ChunkLayout.headerLength + 2 * 32)])
        #expect(throws: EncryptedDataError.self) { try F.decrypt(cut, short) }
        #expect(try F.decrypt(cut, short, start: 0, length: 16) == Array(F.plaintext(48)[0..<16]))
    }

    @Test func storedBytesShorterOrLongerThanTheRecord_areRefusedBeforeAnyRead() throws {
        let (stored, info) = try F.encrypt([F.plaintext(40)], chunkSize: 16)
        #expect(throws: EncryptedDataError.self) { try F.decrypt(Array(stored.dropLast()), info) }
        #expect(throws: EncryptedDataError.self) { try F.decrypt(stored + [0], info) }
    }

    @Test func swappedParts_ofEqualSize_areDetected() throws {
        let parts = [F.plaintext(20, seed: 1), F.plaintext(20, seed: 2)]
        let (stored, info) = try F.encrypt(parts, chunkSize: 16)
        let half = stored.count / 2
        let swapped = Array(stored[half...] + stored[..<half])
        #expect(throws: EncryptedDataError.self) { try F.decrypt(swapped, info, start: 0, length: 5) }
        #expect(throws: EncryptedDataError.self) { try F.decrypt(swapped, info, start: 25, length: 5) }
    }

    @Test func wrongDataKey_isDetected() throws {
        let (stored, info) = try F.encrypt([F.plaintext(10)], chunkSize: 16)
        var other = F.dataKey
        other[0] ^= 1
        #expect(throws: EncryptedDataError.self) { try F.decrypt(stored, info, key: other) }
    }

    @Test func blocksOfOneUpload_useDistinctKeys_soEqualPlaintextsEncryptDifferently() throws {
        let same = F.plaintext(32)
        let (stored, _) = try F.encrypt([same, same], chunkSize: 16)
        let half = stored.count / 2
        #expect(Array(stored[ChunkLayout.headerLength..<half]) != Array(stored[(half + ChunkLayout.headerLength)...]))
    }

    @Test func partWriter_recordsThePlaintextSize_andItsBlockNamesThePart() throws {
        final class MemoryPart: PartWriter {
            var bytes: [UInt8] = []
            var recorded: Int64 = -1
            func write(_ b: UnsafeRawBufferPointer) throws { bytes += b }
            var bytesWritten: Int64 { Int64(bytes.count) }
            func commitPart(etag: String, checksum: String?) throws -> PartInfo { try commitPart(etag: etag, checksum: checksum, size: bytesWritten) }
            func commitPart(etag: String, checksum: String?, size: Int64) throws -> PartInfo {
                recorded = size
                return PartInfo(partNumber: 7, size: size, etag: etag, lastModified: Date(), checksum: checksum)
            }
            func abort() {}
        }
        let memory = MemoryPart()
        let writer = EncryptedPartWriter(wrapping: memory, dataKey: F.dataKey, partNumber: 7, chunkSize: 16, random: F.counterRandom())
        try F.plaintext(50).withUnsafeBytes { try writer.write($0) }
        _ = try writer.commitPart(etag: "e", checksum: nil)
        #expect(memory.recorded == 50)
        #expect(Int64(memory.bytes.count) == ChunkLayout.storedLength(plaintext: 50, chunkSize: 16))
        let header = memory.bytes.withUnsafeBytes { BlockHeader(UnsafeRawBufferPointer(rebasing: $0[0..<48])) }
        #expect(header?.partNumber == 7 && header?.chunkSize == 16)
    }
}
