import Foundation
import Testing
import PailS3
@testable import PailServer

@Suite struct HashPipelineTests {
    /// Feeds `data` through a pipeline in chunks of the given sizes (each at most one buffer) and
    /// returns the MD5 and CRC32C the lanes computed.
    static func digests(_ data: [UInt8], chunks: [Int], overlapped: Bool, bufferSize: Int = 1024)
        -> (md5: [UInt8], crc: [UInt8]) {
        let md5 = Digest(.md5)
        let crc = Checksum(.crc32c)
        let pipeline = HashPipeline(bufferSize: bufferSize, depth: 3, overlapped: overlapped,
                                    lanes: [md5.update, crc.update])
        var offset = 0
        var i = 0
        while offset < data.count {
            let buffer = pipeline.nextBuffer()
            let n = min(chunks[i % chunks.count], data.count - offset, buffer.count)
            data.withUnsafeBytes { source in
                buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: source[offset..<offset + n]))
            }
            pipeline.hash(count: n)
            offset += n
            i += 1
        }
        pipeline.finish()
        return (md5.finalize(), crc.finalize())
    }

    @Test(arguments: [true, false])
    func everyByteHashedOnceInOrder(overlapped: Bool) {
        var generator = SystemRandomNumberGenerator()
        let data = (0..<200_000).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let got = Self.digests(data, chunks: [1024, 1, 777, 1024, 0, 1000], overlapped: overlapped)
        #expect(got.md5 == md5(data))
        #expect(got.crc == Checksum.compute(.crc32c, data))
    }

    @Test func slowLane_neverSeesABufferRefilledUnderIt() {
        // The lane copies what it hashes after a pause; a buffer handed out again too early would
        // show up as bytes from a later chunk.
        var seen: [UInt8] = []
        let pipeline = HashPipeline(bufferSize: 64, depth: 2, overlapped: true, lanes: [{ chunk in
            usleep(500)
            seen.append(contentsOf: chunk)
        }])
        var sent: [UInt8] = []
        for round in 0..<50 {
            let buffer = pipeline.nextBuffer()
            for j in 0..<buffer.count { buffer[j] = UInt8(truncatingIfNeeded: round &* 31 &+ j) }
            sent.append(contentsOf: buffer)
            pipeline.hash(count: buffer.count)
        }
        pipeline.finish()
        let same = seen == sent   // a Bool, so that a failure does not print both arrays
        #expect(same)
    }

    @Test func nothingSubmitted_finishReturnsAtOnce() {
        let md5 = Digest(.md5)
        let pipeline = HashPipeline(bufferSize: 16, depth: 4, overlapped: true, lanes: [md5.update])
        _ = pipeline.nextBuffer()
        pipeline.finish()
        #expect(md5.finalize() == PailS3.md5([]))
    }
}
