import Foundation
import PailServer

/// `pail serve --ready-file F`: once every listener is bound, the endpoints and root credentials are
/// written to F as one JSON object, so that a test harness in any language can start `pail` on port 0
/// and learn where it listens without parsing the banner:
///
/// ```json
/// {"endpoint": "http://127.0.0.1:40123", "tlsEndpoint": null, "imdsEndpoint": null,
///  "accessKey": "minioadmin", "secretKey": "minioadmin", "region": "us-east-1",
///  "dataDirectory": "/tmp/pail-ephemeral-…", "pid": 4242}
/// ```
///
/// A listener that is off is `null`. The file carries the secret key because a harness needs it to
/// sign requests and it chose (or defaulted) that secret itself; the file is made mode 0600, so only
/// the user running `pail` can read it.
///
/// The file appears whole or not at all: it is written under a temporary name in the same directory
/// and renamed over F (rename(2) is atomic within a file system), so a reader that polls for F never
/// sees half of it. It is removed when the server stops on SIGINT/SIGTERM, so a file left behind
/// names a server that was killed outright.
struct ReadyFile {
    let path: URL

    /// The JSON object's fields for a started server.
    static func contents(_ server: PailServer, _ config: ServerConfiguration) -> [String: Any] {
        [
            "endpoint": server.endpoint ?? NSNull(),
            "tlsEndpoint": server.tlsEndpoint ?? NSNull(),
            "imdsEndpoint": server.imdsEndpoint ?? NSNull(),
            "accessKey": config.rootAccessKey,
            "secretKey": config.rootSecretKey,
            "region": config.region,
            "dataDirectory": config.dataDirectory.path,
            "pid": Int(getpid()),
        ]
    }

    /// Writes `fields` to a temporary file beside `path` (mode 0600) and renames it over `path`.
    func write(_ fields: [String: Any]) throws {
        var data = try JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys, .withoutEscapingSlashes])
        data.append(0x0A)
        let temporary = path.deletingLastPathComponent()
            .appendingPathComponent(".\(path.lastPathComponent).\(getpid()).tmp").path
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        guard fd >= 0 else { throw CommandError("cannot write the ready file \(temporary): \(String(cString: strerror(errno)))") }
        let written = data.withUnsafeBytes { Foundation.write(fd, $0.baseAddress, $0.count) }
        close(fd)
        guard written == data.count, rename(temporary, path.path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw CommandError("cannot write the ready file \(path.path): \(reason)")
        }
    }

    /// Removes the file at exit; a missing file is no error.
    func remove() {
        unlink(path.path)
    }
}
