import Testing
@testable import PailS3

@Suite struct ChecksumTests {
    let check = Array("123456789".utf8)

    @Test func crcCheckValuesMatchPublishedVectors() {
        #expect(Checksum.compute(.crc32, check).hex == "cbf43926")
        #expect(Checksum.compute(.crc32c, check).hex == "e3069283")
        #expect(Checksum.compute(.crc64nvme, check).hex == "ae8b14860a799888")
        #expect(Checksum.compute(.crc32, Array("hello world".utf8)).base64 == "DUoRhQ==")
    }

    @Test func emptyInputGivesZeroCRC() {
        #expect(Checksum.compute(.crc32, []) == [0, 0, 0, 0])
        #expect(Checksum.compute(.crc64nvme, []).count == 8)
    }

    @Test func shaChecksumsUseDigests() {
        #expect(Checksum.compute(.sha256, check) == sha256(check))
        #expect(Checksum.compute(.sha1, []).count == 20)
    }

    /// Slicing-by-8 must agree with a bytewise update at every alignment and split point.
    @Test func splitUpdatesEqualOneShotForEveryAlgorithm() {
        let data = (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ $0 >> 3) }
        for alg in ChecksumAlgorithm.allCases {
            let whole = Checksum.compute(alg, data)
            for split in [0, 1, 3, 7, 8, 9, 500, 999, 1000] {
                let c = Checksum(alg)
                data[..<split].withUnsafeBytes { c.update($0) }
                data[split...].withUnsafeBytes { c.update($0) }
                #expect(c.finalize() == whole, "\(alg) split \(split)")
            }
            let bytewise = Checksum(alg)
            for b in data { bytewise.update([b]) }
            #expect(bytewise.finalize() == whole)
        }
    }

    @Test func combineEqualsChecksumOfConcatenation() {
        let a = (0..<777).map { UInt8(truncatingIfNeeded: $0 &* 13) }
        for alg in [ChecksumAlgorithm.crc32, .crc32c, .crc64nvme] {
            for bLen in [0, 1, 5, 8, 100, 4099] {
                let b = (0..<bLen).map { UInt8(truncatingIfNeeded: $0 &* 5 &+ 1) }
                let combined = Checksum.combine(alg, Checksum.compute(alg, a), Checksum.compute(alg, b), lengthB: Int64(bLen))
                #expect(combined == Checksum.compute(alg, a + b), "\(alg) \(bLen)")
            }
        }
        #expect(Checksum.combine(.sha256, [], [], lengthB: 0) == nil)
        #expect(Checksum.combine(.crc32, [1], [1, 2, 3, 4], lengthB: 1) == nil)
    }

    @Test func algorithmNamesAndHeaders() {
        #expect(ChecksumAlgorithm.from(header: "X-Amz-Checksum-CRC64NVME") == .crc64nvme)
        #expect(ChecksumAlgorithm.from(header: "x-amz-checksum-algorithm") == nil)
        #expect(ChecksumAlgorithm.from(header: "x-amz-checksum-") == nil)
        #expect(ChecksumAlgorithm(name: "CRC32C") == .crc32c)
        #expect(ChecksumAlgorithm(name: "md5") == nil)
        #expect(ChecksumAlgorithm.crc32.headerName == "x-amz-checksum-crc32")
        #expect(ChecksumAlgorithm.crc64nvme.xmlName == "ChecksumCRC64NVME")
        #expect(ChecksumAlgorithm.sha1.digestLength == 20)
    }
}
