import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Removes files that no committed row references: a crash between writing a file and committing
/// its row leaves such files behind, and so does a crash before the `FileReaper` unlinked the files
/// of a committed delete or overwrite. Never removes a referenced file:
/// - candidates are files older than `minimumAge` that this process is not writing (`ActiveFiles`);
/// - only then is the set of referenced files read, in one read transaction (one snapshot, so a part
///   file moving from `parts` to an object's segments is seen in exactly one of the two).
/// A file this process commits is removed from `ActiveFiles` only after its commit, so a candidate
/// committed by us is always in the snapshot taken after the candidate was chosen.
struct OrphanSweeper {
    let layout: StoreLayout
    let readers: ReaderPool
    let active: ActiveFiles

    func sweep(minimumAge: TimeInterval) throws -> Int {
        var removed = 0
        let fm = FileManager.default
        // tmp/ holds nothing that outlives a process.
        for name in (try? fm.contentsOfDirectory(atPath: layout.absolute(StoreLayout.tmpArea))) ?? [] {
            if (try? fm.removeItem(atPath: layout.absolute(StoreLayout.tmpArea + "/" + name))) != nil { removed += 1 }
        }

        let cutoff = Date().timeIntervalSince1970 - minimumAge
        var candidates: [String] = []
        for area in [StoreLayout.objectsArea, StoreLayout.uploadsArea] {
            for fan in (try? fm.contentsOfDirectory(atPath: layout.absolute(area))) ?? [] {
                let dir = area + "/" + fan
                for name in (try? fm.contentsOfDirectory(atPath: layout.absolute(dir))) ?? [] {
                    let path = dir + "/" + name
                    var info = stat()
                    guard stat(layout.absolute(path), &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { continue }
                    guard Double(info.st_mtim.tv_sec) <= cutoff, !active.contains(path) else { continue }
                    candidates.append(path)
                }
            }
        }
        guard !candidates.isEmpty else { return removed }

        let referenced: Set<String> = try readers.read { db in
            try db.readTransaction {
                var files = Set<String>()
                try db.with("SELECT segments FROM objects") { s in
                    while try s.step() { files.formUnion(s.withBytes(0) { SegmentList(encoded: $0).files }) }
                }
                try db.with("SELECT segments FROM versions") { s in
                    while try s.step() { files.formUnion(s.withBytes(0) { SegmentList(encoded: $0).files }) }
                }
                try db.with("SELECT file FROM parts") { s in
                    while try s.step() { files.insert(s.text(0)) }
                }
                return files
            }
        }
        for path in candidates where !referenced.contains(path) {
            if unlink(layout.absolute(path)) == 0 { removed += 1 }
        }
        return removed
    }
}
