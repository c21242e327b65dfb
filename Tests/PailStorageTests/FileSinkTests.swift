import Foundation
import Testing
@testable import PailStorage

@Suite struct FileSinkTests {
    /// Odd-sized writes that cross many writeback steps, some landing exactly on one: the hints must
    /// not change a byte, and `sync()` still succeeds after them.
    @Test(arguments: [true, false])
    func writebackHints_leaveExactContents(durable: Bool) throws {
        let f = try StoreFixture(durable: durable)
        let layout = StoreLayout(root: f.directory.path, durable: durable)
        let sink = try FileSink(layout: layout, area: StoreLayout.objectsArea, active: ActiveFiles(), writebackStep: 4096)
        var expected = Data()
        var generator = SystemRandomNumberGenerator()
        for size in [1, 4095, 4096, 8192, 12_345, 0, 65_536, 3, 100_000, 4096] {
            let chunk = Data((0..<size).map { _ in UInt8.random(in: 0...255, using: &generator) })
            try chunk.withUnsafeBytes { try sink.write($0) }
            expected.append(chunk)
        }
        try sink.sync()
        #expect(sink.bytesWritten == Int64(expected.count))
        let written = try Data(contentsOf: f.directory.appendingPathComponent(sink.relativePath))
        #expect(written == expected)
        sink.discard()
        #expect(!FileManager.default.fileExists(atPath: layout.absolute(sink.relativePath)))
    }
}
