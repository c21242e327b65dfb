import Foundation
import PailClient
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// A 1 GiB file through multipart upload and ranged parallel download with flat memory.
@Suite struct LargeTransferTests {
    static func rssKiB() -> Int {
        let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
        for line in status.split(separator: "\n") where line.hasPrefix("VmRSS:") {
            return Int(line.split(separator: " ").dropFirst().first ?? "0") ?? 0
        }
        return 0
    }

    @Test func oneGiBRoundTripKeepsMemoryFlat() async throws {
        let pail = try Backends.startPail()
        defer { pail.stop() }
        var c = pail.configuration(bucket: Backends.bucketName("gib"))
        c.partSize = 16 << 20
        c.multipartThreshold = 16 << 20
        c.concurrency = 4
        let client = try S3Client(configuration: c)
        try await client.createBucket(c.bucket!)
        let dir = Backends.tempDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let src = dir.appendingPathComponent("src").path, dst = dir.appendingPathComponent("dst").path
        // A sparse 1 GiB file with a marker every MiB, so misplaced parts are caught.
        let size: Int64 = 1 << 30
        let fd = open(src, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        ftruncate(fd, off_t(size))
        for mib in stride(from: Int64(0), to: size, by: 1 << 20) {
            var marker = UInt64(mib >> 20) &+ 0x5A5A_0000
            _ = pwrite(fd, &marker, 8, off_t(mib))
        }
        close(fd)

        let before = Self.rssKiB()
        let put = try await client.upload(file: src, to: "gib")
        #expect(put.etag.hasSuffix("-64\""))
        let info = try await client.download("gib", to: dst)
        let growthMiB = (Self.rssKiB() - before) / 1024
        #expect(info.size == size)
        // Flat means bounded by the parts in flight, not by the object: concurrency × part size (64 MiB)
        // plus slack for the in-process server and the suites Swift Testing runs alongside in this
        // process. Buffering the object would grow RSS by 1 GiB.
        let bound = c.concurrency * Int(c.partSize >> 20) + 64
        #expect(growthMiB < bound, "RSS grew by \(growthMiB) MiB (bound \(bound) MiB)")

        // Compare the two files chunk by chunk.
        let a = FileHandle(forReadingAtPath: src)!, b = FileHandle(forReadingAtPath: dst)!
        defer { try? a.close(); try? b.close() }
        var same = true
        while true {
            let x = a.readData(ofLength: 8 << 20), y = b.readData(ofLength: 8 << 20)
            if x != y { same = false; break }
            if x.isEmpty { break }
        }
        #expect(same)
    }
}
