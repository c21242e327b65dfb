import Foundation
import Testing
@testable import PailHTTP

extension PailHTTPSuites {
    @Suite struct HTTPCurlTests {
        @Test func curlReusesConnectionAndUploadsChunkedFromStdin() throws {
            let s = try TestServer()
            let base = "http://127.0.0.1:\(s.port)"
            let body = HTTPRequestBodyTests.payload(300_000)
            let out = try Subprocess.run("/usr/bin/curl", [
                "-sS", "-v", "--noproxy", "*", "-T", "-", "\(base)/echo",
                "--next", "-sS", "-v", "--noproxy", "*", "\(base)/echo?second",
            ], stdin: body)
            #expect(out.status == 0, "\(out.stderr)")
            #expect(out.stdout.contains("method=PUT\n"))
            #expect(out.stdout.contains("length=300000\nhash=\(FNV1a.hash(body))\ndeclared=nil\n"))
            #expect(out.stdout.contains("h:Transfer-Encoding=chunked\n"))
            #expect(out.stdout.contains("target=/echo?second\n"))
            #expect(out.stderr.lowercased().contains("re-using existing connection")
                    || out.stderr.lowercased().contains("reusing existing connection"))
        }
    }
}
