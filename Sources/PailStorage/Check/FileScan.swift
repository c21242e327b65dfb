import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Walks the file areas: every regular file under `objects/` and `uploads/` that no row references
/// is an orphan (a problem) or, when younger than `pendingAge`, pending (what a crash in the middle
/// of a write leaves, which the server removes at its next start); anything under `tmp/` is a
/// leftover temporary file.
struct FileScan {
    let root: String
    let pendingAge: TimeInterval
    let now: Date

    struct Result {
        var findings: [StoreFinding] = []
        /// Unreferenced files (orphans and pending), relative to the root.
        var unreferenced: [String] = []
        /// Entries of `tmp/`, relative to the root.
        var temporary: [String] = []
        /// Regular files under `objects/` and `uploads/`.
        var files = 0
    }

    func run(referenced: Set<String>) -> Result {
        var result = Result()
        for name in entries(StoreLayout.tmpArea) {
            let path = StoreLayout.tmpArea + "/" + name
            result.temporary.append(path)
            result.findings.append(StoreFinding(kind: .tmpFile, subject: path, detail: "left in tmp/"))
        }
        for area in [StoreLayout.objectsArea, StoreLayout.uploadsArea] {
            for name in entries(area) {
                let path = area + "/" + name
                if isDirectory(path) {
                    for file in entries(path) { consider(path + "/" + file, referenced, &result) }
                } else {
                    consider(path, referenced, &result)
                }
            }
        }
        return result
    }

    private func consider(_ path: String, _ referenced: Set<String>, _ result: inout Result) {
        var st = stat()
        guard lstat(root + "/" + path, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else { return }
        result.files += 1
        guard !referenced.contains(path) else { return }
        result.unreferenced.append(path)
        let modified = Double(st.st_mtim.tv_sec) + Double(st.st_mtim.tv_nsec) / 1e9
        let age = now.timeIntervalSince1970 - modified
        if age < pendingAge {
            result.findings.append(StoreFinding(kind: .pending, subject: path,
                detail: "no row references it; \(Int(max(0, age))) s old, so the server removes it at its next start"))
        } else {
            result.findings.append(StoreFinding(kind: .orphanFile, subject: path,
                detail: "no row references it (\(Int64(st.st_size)) bytes, \(Int(age)) s old)"))
        }
    }

    private func entries(_ relative: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: root + "/" + relative)) ?? []).sorted()
    }

    private func isDirectory(_ relative: String) -> Bool {
        var st = stat()
        return lstat(root + "/" + relative, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR
    }
}
