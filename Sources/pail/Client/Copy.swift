import ArgumentParser
import Foundation
import PailClient
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// `pail cp SRC DST [--recursive]`: local → S3, S3 → local, S3 → S3. A progress bar is drawn when
/// standard output is a terminal (or with --progress).
struct Copy: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "cp", abstract: "Copy files and objects (local↔S3, S3↔S3).")
    @OptionGroup var options: ClientOptions
    @Argument(help: "Source: a local path or s3://bucket/key") var source: String
    @Argument(help: "Destination: a local path or s3://bucket/key") var destination: String
    @Flag(help: "Copy a whole directory or prefix.") var recursive = false
    @Flag(help: "Draw the progress bar even when standard output is not a terminal.") var progress = false

    func run() throws {
        let client = try options.makeClient()
        let src = source, dst = destination, recursive = self.recursive
        let bar = ProgressBar(enabled: progress || isatty(1) == 1)
        try runBlocking {
            switch (S3Path(src), S3Path(dst)) {
            case (nil, let to?):
                for (file, rel) in try localFiles(src, recursive: recursive) {
                    let key = targetKey(to.key, rel: rel, fileName: (file as NSString).lastPathComponent, recursive: recursive)
                    try await client.upload(file: file, to: key, bucket: to.bucket, progress: bar.callback(label: file))
                    bar.finish()
                    print("upload: \(file) to s3://\(to.bucket)/\(key)")
                }
            case (let from?, nil):
                for (key, rel) in try await remoteKeys(client, from, recursive: recursive) {
                    let path = localTarget(dst, rel: rel, recursive: recursive)
                    // NSString.deletingLastPathComponent crashes on a bare name on Linux: split by hand.
                    if let slash = path.lastIndex(of: "/"), slash != path.startIndex {
                        try FileManager.default.createDirectory(atPath: String(path[..<slash]), withIntermediateDirectories: true)
                    }
                    _ = try await client.download(key, to: path, bucket: from.bucket, progress: bar.callback(label: key))
                    bar.finish()
                    print("download: s3://\(from.bucket)/\(key) to \(path)")
                }
            case (let from?, let to?):
                for (key, rel) in try await remoteKeys(client, from, recursive: recursive) {
                    let target = targetKey(to.key, rel: rel, fileName: (key as NSString).lastPathComponent, recursive: recursive)
                    try await client.copy(from: key, sourceBucket: from.bucket, to: target, bucket: to.bucket)
                    print("copy: s3://\(from.bucket)/\(key) to s3://\(to.bucket)/\(target)")
                }
            case (nil, nil):
                throw ValidationError("one of source and destination must be s3://bucket/key")
            }
        }
    }
}

/// Files to upload with their paths relative to the source directory.
func localFiles(_ src: String, recursive: Bool) throws -> [(String, String)] {
    guard recursive else { return [(src, (src as NSString).lastPathComponent)] }
    let base = src.hasSuffix("/") ? String(src.dropLast()) : src
    guard let e = FileManager.default.enumerator(atPath: base) else { throw ValidationError("cannot read \(src)") }
    var out: [(String, String)] = []
    while let rel = e.nextObject() as? String {
        var isDir: ObjCBool = false
        let full = base + "/" + rel
        if FileManager.default.fileExists(atPath: full, isDirectory: &isDir), !isDir.boolValue { out.append((full, rel)) }
    }
    return out.sorted { $0.1 < $1.1 }
}

/// Keys to fetch with their names relative to the source prefix.
func remoteKeys(_ client: S3Client, _ from: S3Path, recursive: Bool) async throws -> [(String, String)] {
    guard recursive else { return [(from.key, (from.key as NSString).lastPathComponent)] }
    var prefix = from.key
    if !prefix.isEmpty && !prefix.hasSuffix("/") { prefix += "/" }
    var out: [(String, String)] = []
    for try await o in client.list(prefix: prefix, bucket: from.bucket) { out.append((o.key, String(o.key.dropFirst(prefix.count)))) }
    return out
}

/// The AWS CLI's rule: a destination key ending in `/` (or empty) is a directory.
func targetKey(_ dest: String, rel: String, fileName: String, recursive: Bool) -> String {
    if recursive { return dest.isEmpty || dest.hasSuffix("/") ? dest + rel : dest + "/" + rel }
    return dest.isEmpty || dest.hasSuffix("/") ? dest + fileName : dest
}

func localTarget(_ dest: String, rel: String, recursive: Bool) -> String {
    var isDir: ObjCBool = false
    if recursive || dest.hasSuffix("/") || (FileManager.default.fileExists(atPath: dest, isDirectory: &isDir) && isDir.boolValue) {
        return (dest.hasSuffix("/") ? dest : dest + "/") + rel
    }
    return dest
}

/// A one-line progress bar on standard output, redrawn at most ten times a second.
final class ProgressBar: Sendable {
    let enabled: Bool
    /// When the bar was last drawn, and whether a line is on screen now.
    private let state = Mutex((lastDraw: 0.0, drawn: false))

    init(enabled: Bool) { self.enabled = enabled }

    func callback(label: String) -> TransferProgress? {
        guard enabled else { return nil }
        return { [self] done, total in draw(label: label, done: done, total: total) }
    }

    private func draw(label: String, done: Int64, total: Int64) {
        state.withLock { state in draw(label: label, done: done, total: total, state: &state) }
    }

    private func draw(label: String, done: Int64, total: Int64, state: inout (lastDraw: Double, drawn: Bool)) {
        let now = Date().timeIntervalSince1970
        guard done == total || now - state.lastDraw > 0.1 else { return }
        state.lastDraw = now
        let fraction = total > 0 ? Double(done) / Double(total) : 1
        let width = 30
        let filled = Int(fraction * Double(width))
        let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
        let text = String(format: "\r[%@] %3d%% %@/%@ %@", bar, Int(fraction * 100), human(done), human(total), label)
        FileHandle.standardOutput.write(Data(text.utf8))
        state.drawn = true
    }

    func finish() {
        state.withLock { state in
            if state.drawn { FileHandle.standardOutput.write(Data("\n".utf8)); state.drawn = false }
        }
    }

    private func human(_ n: Int64) -> String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB"]
        var v = Double(n), i = 0
        while v >= 1024 && i < units.count - 1 { v /= 1024; i += 1 }
        return i == 0 ? "\(n) B" : String(format: "%.1f %@", v, units[i])
    }
}
