import ArgumentParser
import Foundation
import PailS3
import PailStorage

/// `pail sse-speed`: measures this build's chunk encryption (AES-256-GCM per 64 KiB chunk, the
/// code encrypted PUTs and GETs run) without disk or network, for `bench/run.py` to set beside
/// `openssl speed -evp aes-256-gcm` at the same block size. Rates are per second of CPU time, as
/// `openssl speed`'s are.
struct SSESpeed: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sse-speed",
        abstract: "Measure server-side encryption throughput (seal and open) and print it as JSON.",
        shouldDisplay: false)

    @Option(help: "Seconds per measurement.")
    var seconds: Double = 2

    @Option(help: "Plaintext bytes per chunk.")
    var chunkSize: Int = ChunkLayout.defaultChunkSize

    func run() throws {
        let record = ObjectEncryption(mode: .s3, wrappedKey: [0], chunkSize: chunkSize)
        let key = RandomSource.secure.bytes(32)
        let input = RandomSource.secure.bytes(4 << 20)
        // Seal: 4 MiB writes, as BodyIngest hands them over in 256 KiB pieces and the sealer gathers chunks.
        let discard = SSESpeedSink(keeping: false)
        let sealer = EncryptedObjectWriter(wrapping: discard, dataKey: key, encryption: record)
        let sealRate = try Self.rate(seconds) {
            try input.withUnsafeBytes { try sealer.write($0) }
            return Int64(input.count)
        }
        // Open: a 16 MiB object read whole, chunk by chunk.
        let memory = SSESpeedSink(keeping: true)
        let writer = EncryptedObjectWriter(wrapping: memory, dataKey: key, encryption: record)
        for _ in 0..<4 { try input.withUnsafeBytes { try writer.write($0) } }
        let info = try writer.commit(key: "k", etag: "", metadata: ObjectMetadata(), condition: .none)
        let content = ObjectContent(info: info, segments: [.init(bytes: memory.bytes, offset: 0, length: Int64(memory.bytes.count))], owning: [])
        let openRate = try Self.rate(seconds) {
            let reader = try EncryptedRangeReader(content: content, dataKey: key, encryption: info.metadata.encryption!,
                                                  start: 0, length: info.size)
            try reader.forEach { _ in }
            return info.size
        }
        let out: [String: Any] = ["chunk_size": chunkSize, "seal_mib_s": sealRate / 1048576, "open_mib_s": openRate / 1048576]
        print(String(decoding: try JSONSerialization.data(withJSONObject: out, options: [.sortedKeys]), as: UTF8.self))
    }

    /// Bytes per second of `step` repeated for `seconds` of this thread's CPU time. CPU time, not wall
    /// time, because that is what `openssl speed` divides by (its default `usertime`), and because
    /// it keeps the figure meaningful on a machine that other processes keep busy.
    private static func rate(_ seconds: Double, _ step: () throws -> Int64) throws -> Double {
        func cpu() -> Double {
            var t = timespec()
            clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
            return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
        }
        let start = cpu()
        var bytes: Int64 = 0, elapsed = 0.0
        repeat {
            bytes += try step()
            elapsed = cpu() - start
        } while elapsed < seconds
        return Double(bytes) / elapsed
    }
}
