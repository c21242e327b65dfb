import Foundation
import PailClient
import PailServer
#if canImport(Glibc)
import Glibc
#endif

/// The servers every shared scenario runs against: Pail in-process, moto's server mode and, where
/// Debian's Ceph packages are installed (.ci/run installs them), a single-node Ceph RGW: three
/// independent servers, so a mistake shared by our signer and our verifier cannot pass. The fourth,
/// `gateway`, is an in-process Pail in gateway mode (docs/gateway.md) in front of that same RGW: the
/// client's requests are verified by Pail, re-signed and stored in the cluster.
enum Backend: String, CaseIterable, CustomStringConvertible, Sendable {
    case pail, moto, rgw, gateway
    var description: String { rawValue }

    static var allCases: [Backend] { Backends.rgwInstalled ? [.pail, .moto, .rgw, .gateway] : [.pail, .moto] }
}

/// A running backend: its endpoint and a way to stop it.
final class RunningBackend: Sendable {
    let endpoint: String
    let tlsEndpoint: String?
    let certificatePath: String?
    let server: PailServer?
    let directory: URL?

    init(endpoint: String, tlsEndpoint: String? = nil, certificatePath: String? = nil, server: PailServer? = nil, directory: URL? = nil) {
        self.endpoint = endpoint
        self.tlsEndpoint = tlsEndpoint
        self.certificatePath = certificatePath
        self.server = server
        self.directory = directory
    }

    func stop() {
        server?.shutdown()
        if let directory { try? FileManager.default.removeItem(at: directory) }
    }

    func configuration(bucket: String? = nil) -> S3ClientConfiguration {
        var c = S3ClientConfiguration(endpoint: endpoint, region: "us-east-1", bucket: bucket)
        c.setCredentials(accessKey: "minioadmin", secretKey: "minioadmin")
        c.retry.maxRetries = 2
        c.retry.backoff = .constant(0.05)
        return c
    }
}

enum Backends {
    static func tempDirectory() -> URL {
        let d = FileManager.default.temporaryDirectory.appendingPathComponent("pail-client-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: d, withIntermediateDirectories: true)
        return d
    }

    /// A fresh in-process Pail on port 0 (and HTTPS on port 0 with a generated certificate when `tls`).
    static func startPail(tls: Bool = false) throws -> RunningBackend {
        let dir = tempDirectory()
        var c = ServerConfiguration()
        c.address = "127.0.0.1:0"
        c.dataDirectory = dir
        c.durable = false
        if tls { c.tlsAddress = "127.0.0.1:0" }
        let s = try PailServer(configuration: c)
        try s.start()
        return RunningBackend(endpoint: s.endpoint!, tlsEndpoint: s.tlsEndpoint, certificatePath: s.tlsCertificatePath,
                              server: s, directory: dir)
    }

    /// One moto server per test process, started on first use with a free port. It exits when this
    /// process does (a watcher thread polls the parent pid).
    static let moto: Result<RunningBackend, Error> = Result { try startMoto() }

    static func startMoto() throws -> RunningBackend {
        let check = Process()
        check.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        check.arguments = ["python3", "-c", "import moto.server"]
        try check.run()
        check.waitUntilExit()
        guard check.terminationStatus == 0 else {
            throw BackendError("moto is not installed: pip install 'moto[server]' (the test setup .ci/run does this)")
        }
        let port = freePort()
        let script = """
        import os, sys, threading, time
        ppid = os.getppid()
        def watch():
            while True:
                if os.getppid() != ppid:
                    os._exit(0)
                time.sleep(0.5)
        threading.Thread(target=watch, daemon=True).start()
        from moto.server import main
        main(["-H", "127.0.0.1", "-p", sys.argv[1]])
        """
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", script, String(port)]
        var env = ProcessInfo.processInfo.environment
        env["AWS_ACCESS_KEY_ID"] = "minioadmin"
        env["AWS_SECRET_ACCESS_KEY"] = "minioadmin"
        p.environment = env
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        for _ in 0..<300 {
            if canConnect(port: port) { return RunningBackend(endpoint: "http://127.0.0.1:\(port)") }
            usleep(100_000)
        }
        p.terminate()
        throw BackendError("moto server did not start on port \(port)")
    }

    static func start(_ b: Backend) throws -> RunningBackend {
        switch b {
        case .pail: return try startPail()
        case .moto: return try moto.get()
        case .rgw: return try rgw.get()
        case .gateway: return try gateway.get()
        }
    }

    /// True when radosgw is on PATH.
    static let rgwInstalled: Bool = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").contains { FileManager.default.isExecutableFile(atPath: "\($0)/radosgw") }
    }()

    /// One single-node Ceph RGW per test process (tools/ceph_rgw.py serve), with the `minioadmin` user
    /// the shared scenarios sign with. It stops when this process exits (the tool watches its parent).
    static let rgw: Result<RunningBackend, Error> = Result { try startRGW() }

    static func startRGW() throws -> RunningBackend {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", root.appendingPathComponent("tools/ceph_rgw.py").path, "serve",
                       tempDirectory().appendingPathComponent("rgw").path, "--user", "minioadmin:minioadmin"]
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        p.standardInput = Pipe()  // never written: the tool stops the cluster when it reads end of file
        try p.run()
        var text = ""
        let reader = out.fileHandleForReading
        while !text.contains("READY") {
            let chunk = reader.availableData
            if chunk.isEmpty { break }
            text += String(decoding: chunk, as: UTF8.self)
        }
        guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix("RGW_ENDPOINT=") }) else {
            throw BackendError("Ceph RGW did not start (tools/ceph_rgw.py serve): \(text)")
        }
        return RunningBackend(endpoint: String(line.dropFirst("RGW_ENDPOINT=".count)))
    }

    /// One gateway-mode Pail per test process, in front of `rgw`, signing upstream as the RGW user
    /// `minioadmin` (the same keys its clients sign with, but checked by Pail and signed anew), with a
    /// bucket prefix of its own so its buckets are told apart from the `rgw` backend's.
    static let gateway: Result<RunningBackend, Error> = Result { try startGateway() }

    static func startGateway() throws -> RunningBackend {
        let upstream = try rgw.get()
        let dir = tempDirectory()
        var c = ServerConfiguration()
        c.address = "127.0.0.1:0"
        c.dataDirectory = dir
        c.durable = false
        c.upstream = UpstreamSettings(url: upstream.endpoint, accessKey: "minioadmin", secretKey: "minioadmin",
                                      bucketPrefix: "gw\(UUID().uuidString.prefix(6).lowercased())-")
        let s = try PailServer(configuration: c)
        try s.start()
        return RunningBackend(endpoint: s.endpoint!, server: s, directory: dir)
    }

    static func freePort() -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = 0
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) } }
        _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) } }
        return Int(UInt16(bigEndian: addr.sin_port))
    }

    static func canConnect(port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = in_port_t(UInt16(port).bigEndian)
        return withUnsafeMutablePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        } == 0
    }

    /// A unique bucket name.
    static func bucketName(_ tag: String) -> String {
        "t-\(tag)-\(UUID().uuidString.prefix(8).lowercased())"
    }
}

struct BackendError: Error, CustomStringConvertible {
    let description: String
    init(_ d: String) { description = d }
}

/// Runs `body` against a fresh bucket on `backend`.
func withBucket(_ backend: Backend, _ tag: String, configure: (inout S3ClientConfiguration) -> Void = { _ in },
                _ body: (S3Client, String, RunningBackend) async throws -> Void) async throws {
    let b = try Backends.start(backend)
    defer { if backend == .pail { b.stop() } }
    let bucket = Backends.bucketName(tag)
    var c = b.configuration(bucket: bucket)
    configure(&c)
    let client = try S3Client(configuration: c)
    try await client.createBucket(bucket)
    try await body(client, bucket, b)
}
