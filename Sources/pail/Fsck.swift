import ArgumentParser
import Foundation
import PailStorage

/// `pail fsck`: checks a data directory whose server is stopped, and with `--repair` fixes it.
struct Fsck: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check (and with --repair, fix) a stopped server's data directory.",
        discussion: """
        Reports index rows whose files are missing, shorter or longer than recorded; files no row \
        references (younger than a minute they are 'pending': what a crash mid-write leaves, removed by \
        the server's next start; not a problem); anything left in tmp/; noncurrent versions of a key \
        without a current one; parts of vanished uploads; and PRAGMA integrity_check failures. \
        --deep also reads every byte and compares it with the ETag and the stored checksums.

        --repair, without losing any complete object: rebuilds a damaged index with VACUUM INTO \
        (keeping the old file as pail.sqlite.corrupt-<time>), drops rows whose bytes are gone or \
        damaged (the newest intact older version becomes current), promotes a version where a key has \
        none current, drops broken parts, truncates over-long files, and removes unreferenced and \
        temporary files; then checks again. It prints each change.

        The server must be stopped: fsck takes the directory's lock (pail.lock) and refuses to run \
        while a server holds it.

        Exit status: 0 clean (nothing changed); 1 problems found, nothing changed; 2 problems found \
        and repaired; 3 --repair left problems; 4 could not check (directory in use, not a data \
        directory, unreadable).
        """
    )

    @Argument(help: "The data directory (or use --data).")
    var directory: String?

    @Option(help: "The data directory.")
    var data: String?

    @Flag(help: "Fix what is found.")
    var repair = false

    @Flag(help: "Read every byte and verify ETags and checksums.")
    var deep = false

    @Flag(help: "Print the report as JSON.")
    var json = false

    func validate() throws {
        guard (directory == nil) != (data == nil) else {
            throw ValidationError("name the data directory once: `pail fsck DIR` or `pail fsck --data DIR`")
        }
    }

    func run() throws {
        let path = directory ?? data!
        let checker = StoreChecker(directory: URL(fileURLWithPath: path), options: .init(repair: repair, deep: deep))
        let report: StoreCheckReport
        do {
            report = try checker.run()
        } catch {
            FileHandle.standardError.write(Data("pail fsck: \(error)\n".utf8))
            throw ExitCode(StoreCheckStatus.failed.rawValue)
        }
        if json {
            print(FsckOutput.json(report, directory: path))
        } else {
            print(FsckOutput.text(report, directory: path, deep: deep))
        }
        if report.status != .clean { throw ExitCode(report.status.rawValue) }
    }
}
