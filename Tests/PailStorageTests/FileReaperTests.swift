import Foundation
import Testing
@testable import PailStorage
#if canImport(Glibc)
import Glibc
#endif

@Suite struct FileReaperTests {
    /// A store layout in a fresh directory with `count` files under objects/.
    private func layoutWithFiles(_ count: Int) throws -> (StoreLayout, [String]) {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("pail-reaper-\(UUID().uuidString)").path
        let layout = StoreLayout(root: root, durable: false)
        try layout.prepare()
        var paths: [String] = []
        for _ in 0..<count {
            let path = StoreLayout.newFilePath(area: StoreLayout.objectsArea)
            close(try layout.createFile(relativePath: path))
            paths.append(path)
        }
        return (layout, paths)
    }

    @Test func drain_returnsOnceQueuedFilesAreUnlinked() throws {
        let (layout, paths) = try layoutWithFiles(50)
        defer { try? FileManager.default.removeItem(atPath: layout.root) }
        let reaper = FileReaper(layout: layout)
        reaper.start()
        defer { reaper.stop() }
        reaper.remove(Array(paths[..<25]))
        reaper.remove(Array(paths[25...]) + ["objects/00/already-gone"])
        reaper.drain()
        for path in paths { #expect(!FileManager.default.fileExists(atPath: layout.absolute(path))) }
        reaper.drain()   // nothing queued: returns at once
    }

    @Test func stop_stillUnlinksWhatWasQueued() throws {
        let (layout, paths) = try layoutWithFiles(10)
        defer { try? FileManager.default.removeItem(atPath: layout.root) }
        let reaper = FileReaper(layout: layout)
        reaper.remove(paths)   // queued before the thread runs
        reaper.stop()
        reaper.start()
        reaper.drain()
        for path in paths { #expect(!FileManager.default.fileExists(atPath: layout.absolute(path))) }
    }

    @Test func deletedObject_staysReadableThroughAnOpenContent_andItsFileGoes() throws {
        let f = try StoreFixture()
        try f.put("k", "bytes")
        let content = try f.store.open(bucket: "b", key: "k")
        try f.store.delete(bucket: "b", key: "k")
        f.store.awaitFileRemovals()
        #expect(f.dataFiles().isEmpty)
        #expect(StoreFixture.read(content) == Data("bytes".utf8))
    }
}
