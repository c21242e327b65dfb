import Foundation
import Synchronization
import PailHTTP
import PailS3

/// Writes one line per request (`--access-log`), as text or JSON (`AccessLogLine`), to standard
/// error or appended to a file (`--access-log-file`). Lines from concurrent requests never
/// interleave: each is one write under the lock.
final class AccessLogger: Sendable {
    /// Keeps lines from concurrent requests whole.
    private let lock = Mutex(())
    private let format: AccessLogFormat
    private let output: FileHandle

    /// Opens `file` for appending (created when missing), or writes to standard error when nil.
    init(format: AccessLogFormat = .text, file: String? = nil) throws {
        self.format = format
        if let file {
            if !FileManager.default.fileExists(atPath: file) {
                guard FileManager.default.createFile(atPath: file, contents: nil) else {
                    throw ConfigurationError("cannot create the access log file \(file)")
                }
            }
            guard let handle = FileHandle(forWritingAtPath: file) else {
                throw ConfigurationError("cannot open the access log file \(file) for writing")
            }
            handle.seekToEndOfFile()
            output = handle
        } else {
            output = FileHandle.standardError
        }
    }

    /// Writes `record`'s line in the configured format.
    func log(_ record: RequestRecord) {
        write(format == .json ? AccessLogLine.json(record) : AccessLogLine.text(record), to: output)
    }

    /// Writes a free-form diagnostic (an unexpected error with its request id) to standard error,
    /// never into the access log file, which stays one record per line.
    func log(_ line: String) {
        write(line, to: FileHandle.standardError)
    }

    private func write(_ line: String, to handle: FileHandle) {
        lock.withLock { _ in handle.write(Data((line + "\n").utf8)) }
    }
}
