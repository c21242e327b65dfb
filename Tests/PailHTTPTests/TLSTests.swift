import Foundation
import Testing
@testable import PailHTTP

extension PailHTTPSuites {
    @Suite struct TLSTests {
        static func tempDirectory() throws -> URL {
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pail-tls-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            return dir
        }

        @Test func selfSignedCertificateIsGeneratedOnceWithPrivateKeyFile() throws {
            let dir = try Self.tempDirectory()
            defer { try? FileManager.default.removeItem(at: dir) }
            let (cert, key) = try SelfSignedCertificate.ensure(directory: dir, hosts: ["pail.test", "10.1.2.3"])
            #expect(cert.path == dir.appendingPathComponent("tls/cert.pem").path)
            #expect(key.path == dir.appendingPathComponent("tls/key.pem").path)
            let mode = try FileManager.default.attributesOfItem(atPath: key.path)[.posixPermissions] as? Int
            #expect(mode == 0o600)
            let first = try Data(contentsOf: cert)
            _ = try SelfSignedCertificate.ensure(directory: dir, hosts: ["pail.test"])
            #expect(try Data(contentsOf: cert) == first)
            let text = try Subprocess.run("/usr/bin/openssl", ["x509", "-in", cert.path, "-noout", "-text"]).stdout
            #expect(text.contains("Version: 3"))
            #expect(text.contains("CA:TRUE"))
            #expect(text.contains("Digital Signature, Certificate Sign"))
            #expect(text.contains("TLS Web Server Authentication"))
            #expect(text.contains("DNS:localhost, DNS:*.localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1, DNS:pail.test, IP Address:10.1.2.3"))
            _ = try TLSServerContext(certificateFile: cert.path, keyFile: key.path)
        }

        @Test func wrongKeyFileIsRefused() throws {
            let dir = try Self.tempDirectory()
            defer { try? FileManager.default.removeItem(at: dir) }
            #expect(throws: TLSError.self) {
                _ = try TLSServerContext(certificateFile: dir.appendingPathComponent("none.pem").path,
                                         keyFile: dir.appendingPathComponent("none.key").path)
            }
        }

        @Test func httpsServesCurlAndPythonNextToPlainHTTP() throws {
            let dir = try Self.tempDirectory()
            defer { try? FileManager.default.removeItem(at: dir) }
            let (cert, key) = try SelfSignedCertificate.ensure(directory: dir, hosts: [])
            let tls = try TLSServerContext(certificateFile: cert.path, keyFile: key.path)
            let s = try TestServer()
            let tlsPort = try s.server.listen(host: "127.0.0.1", port: 0, tls: tls)
            let fileBytes = (0..<200_000).map { UInt8(truncatingIfNeeded: $0 &* 13) }
            let file = dir.appendingPathComponent("f.bin")
            try Data(fileBytes).write(to: file)
            s.handler.filePath = file.path

            let base = "https://localhost:\(tlsPort)"
            let body = HTTPRequestBodyTests.payload(100_000)
            let curl = try Subprocess.run("/usr/bin/curl", [
                "-sS", "-v", "--cacert", cert.path, "-T", "-", "\(base)/echo",
                "--next", "-sS", "--cacert", cert.path, "--tlsv1.2", "--tls-max", "1.2",
                "\(base)/file?offset=0&count=200000", "-o", dir.appendingPathComponent("out.bin").path,
            ], stdin: body)
            #expect(curl.status == 0, "\(curl.stderr)")
            #expect(curl.stdout.contains("length=100000\nhash=\(FNV1a.hash(body))\n"))
            #expect(curl.stderr.contains("TLSv1.3"))
            #expect(try Data(contentsOf: dir.appendingPathComponent("out.bin")) == Data(fileBytes))

            let script = """
            import ssl, sys, urllib.request
            ctx = ssl.create_default_context(cafile=sys.argv[1])
            req = urllib.request.Request(sys.argv[2], data=b"x" * 5000, method="POST")
            with urllib.request.urlopen(req, context=ctx) as r:
                sys.stdout.write(str(r.status) + "\\n" + r.read().decode())
            """
            let py = try Subprocess.run("/usr/bin/env", ["python3", "-c", script, cert.path, "\(base)/echo"])
            #expect(py.status == 0, "\(py.stderr)")
            #expect(py.stdout.hasPrefix("200\n"))
            #expect(py.stdout.contains("length=5000\n"))

            // The plain listener still speaks HTTP.
            let c = try s.client()
            try c.send("GET /echo HTTP/1.1\r\nHost: h\r\n\r\n")
            #expect(try c.readResponse()?.status == 200)
        }

        @Test func plainTextOnTLSPortIsClosed() throws {
            let dir = try Self.tempDirectory()
            defer { try? FileManager.default.removeItem(at: dir) }
            let (cert, key) = try SelfSignedCertificate.ensure(directory: dir, hosts: [])
            let s = try TestServer()
            let port = try s.server.listen(host: "127.0.0.1", port: 0,
                                           tls: TLSServerContext(certificateFile: cert.path, keyFile: key.path))
            let c = try RawClient(port: port)
            try c.send("GET / HTTP/1.1\r\nHost: h\r\n\r\n")
            _ = try? c.readUntilClose()
            #expect(s.server.activeConnections <= 1)
        }
    }
}
