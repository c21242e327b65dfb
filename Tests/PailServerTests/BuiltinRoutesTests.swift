import Testing
import PailHTTP
@testable import PailServer

@Suite struct BuiltinRoutesTests {
    private func head(_ method: String, _ target: String) -> HTTPRequestHead {
        HTTPRequestHead(method: method, target: target, headers: HTTPHeaders([("Host", "127.0.0.1:9000")]))
    }

    @Test(arguments: ["/minio/health/live", "/minio/health/ready", "/minio/health/cluster",
                      "/minio/health/cluster/read", "/minio/health/cluster?maintenance=true"])
    func minioHealthPathsAnswer200WithEmptyBodyForGetAndHead(_ target: String) throws {
        for method in ["GET", "HEAD"] {
            let response = try #require(BuiltinRoutes.minioHealthResponse(for: head(method, target)))
            #expect(response.status == 200)
            #expect(response.bodyLength == 0)
            #expect(response.headers["Content-Type"] == nil)
        }
    }

    @Test func clusterProbesReportQuorumOfOne() throws {
        let write = try #require(BuiltinRoutes.minioHealthResponse(for: head("GET", "/minio/health/cluster")))
        #expect(write.headers["X-Minio-Write-Quorum"] == "1")
        let read = try #require(BuiltinRoutes.minioHealthResponse(for: head("GET", "/minio/health/cluster/read")))
        #expect(read.headers["X-Minio-Read-Quorum"] == "1")
        let live = try #require(BuiltinRoutes.minioHealthResponse(for: head("GET", "/minio/health/live")))
        #expect(live.headers["X-Minio-Write-Quorum"] == nil)
    }

    /// `minio` is a valid bucket name: only the exact probe paths, for GET and HEAD, are shadowed.
    @Test(arguments: [("GET", "/minio"), ("GET", "/minio/"), ("GET", "/minio/health"),
                      ("GET", "/minio/health/"), ("GET", "/minio/health/livex"), ("GET", "/minio/health/live/"),
                      ("GET", "/minio/health/cluster/write"), ("GET", "/minio/photo.jpg"),
                      ("PUT", "/minio/health/live"), ("DELETE", "/minio/health/ready"),
                      ("GET", "/MINIO/health/live"), ("GET", "/bucket/minio/health/live"), ("GET", "/")])
    func otherPathsAndMethodsAreLeftToS3(_ method: String, _ target: String) {
        #expect(BuiltinRoutes.minioHealthResponse(for: head(method, target)) == nil)
    }

    @Test func pailPrefixIsRecognisedByBytes() {
        #expect(BuiltinRoutes.isBuiltin("/_pail/health"))
        #expect(BuiltinRoutes.isBuiltin("/_pail/"))
        #expect(!BuiltinRoutes.isBuiltin("/_pail"))
        #expect(!BuiltinRoutes.isBuiltin("/minio/health/live"))
    }
}
