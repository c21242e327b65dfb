import Foundation

/// `pail serve --ephemeral`: a fresh data directory under the system's temporary directory
/// (`TMPDIR`, else `/tmp`), made with mkdtemp(3) so two servers never share one, and removed with
/// everything in it when the server stops on SIGINT/SIGTERM or fails to start.
///
/// It cannot be combined with a data directory of the user's (`DIR` or `--data`): removing at exit a
/// directory that someone named is how data gets lost, so that combination is refused at start.
/// A SIGKILL leaves the directory behind, as it leaves any temporary file.
struct EphemeralDirectory {
    let url: URL

    /// Makes `pail-ephemeral-XXXXXX` under the temporary directory.
    static func make() throws -> EphemeralDirectory {
        let base = ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        var template = Array((URL(fileURLWithPath: base).appendingPathComponent("pail-ephemeral-XXXXXX").path).utf8CString)
        let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        guard made != nil else {
            throw CommandError("cannot make a temporary data directory under \(base): \(String(cString: strerror(errno)))")
        }
        return EphemeralDirectory(url: URL(fileURLWithPath: String(cString: template)))
    }

    /// Removes the directory and its contents.
    ///
    /// Worker threads may still be closing the index as the server winds down, and SQLite deletes
    /// its `-wal` and `-shm` files on the last close: a file that vanishes under removeItem makes it
    /// stop half way, so it is tried again until the directory is gone (for at most two seconds).
    func remove() {
        for _ in 0..<40 {
            try? FileManager.default.removeItem(at: url)
            if !FileManager.default.fileExists(atPath: url.path) { return }
            usleep(50_000)
        }
    }
}
