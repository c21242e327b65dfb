import Foundation
import Testing
@testable import PailStorage

@Suite struct RetiredFilesTests {
    static let large = Data(repeating: 0x5a, count: StoreLayout.retireThreshold)

    @Test func retire_movesLargeFileIntoTmp_removesSmallOne_missingIsNil() throws {
        let f = try StoreFixture()
        let layout = StoreLayout(root: f.directory.path, durable: false)
        _ = try StoreFixture.put(f.store, "large", Self.large)
        let file = try #require(f.dataFiles().first)
        let moved = try #require(layout.retire(file))
        #expect(moved == StoreLayout.tmpArea + "/" + file.split(separator: "/").last!)
        #expect(f.dataFiles().isEmpty)
        #expect(try Data(contentsOf: URL(fileURLWithPath: layout.absolute(moved))) == Self.large)
        #expect(layout.retire(file) == nil)

        try f.put("small", "v")
        let small = try #require(f.dataFiles().first)
        #expect(layout.retire(small) == nil)
        #expect(f.dataFiles().isEmpty)
    }

    @Test(arguments: [false, true])
    func overwrite_oldFileLeavesDataAreasBeforeReturn_thenTmpEmpties(durable: Bool) throws {
        let f = try StoreFixture(durable: durable)
        for round in 0..<10 {
            _ = try StoreFixture.put(f.store, "k", Self.large + Data("round \(round)".utf8))
            #expect(f.dataFiles().count == (round == 0 ? 1 : 2))
            try f.put("small", "round \(round)")
            #expect(f.dataFiles().count == 2)
        }
        #expect(StoreFixture.read(try f.store.open(bucket: "b", key: "k")) == Self.large + Data("round 9".utf8))
        let tmp = f.directory.appendingPathComponent(StoreLayout.tmpArea).path
        let deadline = Date().addingTimeInterval(10)
        while !((try? FileManager.default.contentsOfDirectory(atPath: tmp)) ?? []).isEmpty, Date() < deadline {
            usleep(10_000)
        }
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: tmp)) ?? []).isEmpty)
    }
}
