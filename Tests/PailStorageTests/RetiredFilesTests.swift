import Foundation
import Testing
@testable import PailStorage

@Suite struct RetiredFilesTests {
    @Test func retire_movesIntoTmp_missingFileIsNil() throws {
        let f = try StoreFixture()
        let layout = StoreLayout(root: f.directory.path, durable: false)
        try f.put("k", "v")
        let file = try #require(f.dataFiles().first)
        let moved = try #require(layout.retire(file))
        #expect(moved.hasPrefix(StoreLayout.tmpArea + "/") && moved.hasSuffix(file.split(separator: "/").last!))
        #expect(f.dataFiles().isEmpty)
        #expect(try Data(contentsOf: URL(fileURLWithPath: layout.absolute(moved))) == Data("v".utf8))
        #expect(layout.retire(file) == nil)
    }

    @Test(arguments: [false, true])
    func overwrite_oldFileLeavesDataAreasBeforeReturn_thenTmpEmpties(durable: Bool) throws {
        let f = try StoreFixture(durable: durable)
        try f.put("k", "one")
        for round in 0..<20 {
            try f.put("k", "round \(round)")
            #expect(f.dataFiles().count == 1)
        }
        #expect(try f.text("k") == "round 19")
        let tmp = f.directory.appendingPathComponent(StoreLayout.tmpArea).path
        let deadline = Date().addingTimeInterval(10)
        while !((try? FileManager.default.contentsOfDirectory(atPath: tmp)) ?? []).isEmpty, Date() < deadline {
            usleep(10_000)
        }
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: tmp)) ?? []).isEmpty)
    }
}
