import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Removes files that no committed row references: a crash between writing a file and committing
/// its row leaves such files behind, and so does a crash before the `FileReaper` unlinked the files
/// of a committed delete or overwrite. Never removes a referenced file:
/// - candidates are files last modified before a cutoff (the store's open time for the sweep at
///   open: the directory lock proves every older unreferenced file is an earlier process's litter;
///   `minimumAge` ago for `sweepOrphans`) that this process is not writing (`ActiveFiles`);
/// - only then is the set of referenced files read, in one read transaction (one snapshot, so a part
///   file moving from `parts` to an object's segments is seen in exactly one of the two).
/// A file this process commits is removed from `ActiveFiles` only after its commit, so a candidate
/// committed by us is always in the snapshot taken after the candidate was chosen.
struct OrphanSweeper {
    let layout: StoreLayout
    let readers: ReaderPool
    let active: ActiveFiles

    func sweep(minimumAge: TimeInterval) throws -> Int {
        try sweep(modifiedBefore: Date(timeIntervalSinceNow: -minimumAge))
    }

    /// Removes everything in `tmp/` and the unreferenced files last modified before `cutoff`
    /// (compared to the nanosecond, so a file made just after `cutoff` is never a candidate).
    func sweep(modifiedBefore cutoff: Date) throws -> Int {
        var removed = 0
        let fm = FileManager.default
        // tmp/ holds nothing that outlives a process.
        for name in (try? fm.contentsOfDirectory(atPath: layout.absolute(StoreLayout.tmpArea))) ?? [] {
            if (try? fm.removeItem(atPath: layout.absolute(StoreLayout.tmpArea + "/" + name))) != nil { removed += 1 }
        }

        let cutoffNanoseconds = Int64((cutoff.timeIntervalSince1970 * 1e9).rounded(.down))
        var candidates: [String] = []
        for area in [StoreLayout.objectsArea, StoreLayout.uploadsArea] {
            for fan in (try? fm.contentsOfDirectory(atPath: layout.absolute(area))) ?? [] {
                let dir = area + "/" + fan
                for name in (try? fm.contentsOfDirectory(atPath: layout.absolute(dir))) ?? [] {
                    let path = dir + "/" + name
                    var info = stat()
                    guard stat(layout.absolute(path), &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { continue }
                    let modified = Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
                    guard modified < cutoffNanoseconds, !active.contains(path) else { continue }
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
