import Foundation
import PailClient
import PailS3
import Testing

/// The same scenarios against Pail, moto, Ceph RGW and Pail in gateway mode in front of that RGW.
@Suite struct SharedSuiteTests {
    @Test(arguments: Backend.allCases)
    func bucketsCreateListDelete(_ backend: Backend) async throws {
        let b = try Backends.start(backend)
        defer { if backend == .pail { b.stop() } }
        let client = try S3Client(configuration: b.configuration())
        let name = Backends.bucketName("bk")
        try await client.createBucket(name)
        #expect(try await client.listBuckets().contains { $0.name == name })
        #expect(try await client.bucketExists(name))
        try await client.deleteBucket(name)
        #expect(try await client.bucketExists(name) == false)
        #expect(try await !client.listBuckets().contains { $0.name == name })
    }

    @Test(arguments: Backend.allCases)
    func putGetHeadDeleteWithMetadataAndRanges(_ backend: Backend) async throws {
        try await withBucket(backend, "obj") { client, bucket, _ in
            let data = Array("hello, pail client".utf8)
            let put = try await client.put("dir/a b+c.txt", bytes: data,
                                           options: PutOptions(contentType: "text/plain", metadata: ["colour": "blue"]))
            #expect(put.etag == "\"\(md5(data).hex)\"")
            let info = try await client.head("dir/a b+c.txt")
            #expect(info.size == Int64(data.count))
            #expect(info.etag == put.etag)
            #expect(info.metadata["colour"] == "blue")
            #expect(info.contentType == "text/plain")
            #expect(try await client.get("dir/a b+c.txt") == data)
            #expect(try await client.get("dir/a b+c.txt", range: 7...10) == Array("pail".utf8))
            var streamed: [UInt8] = []
            for try await chunk in try await client.stream("dir/a b+c.txt") { streamed += chunk }
            #expect(streamed == data)
            try await client.delete("dir/a b+c.txt")
            #expect(try await client.exists("dir/a b+c.txt") == false)
            do {
                _ = try await client.get("dir/a b+c.txt")
                Issue.record("GET of a deleted key succeeded")
            } catch let e as S3ClientError {
                #expect(e.code == "NoSuchKey")
                #expect(e.status == 404)
                #expect(e.attempts == 1)
                // The gateway answers with Pail's request id (the upstream's moves to x-pail-upstream-request-id).
                if backend == .pail || backend == .gateway { #expect(e.requestID != nil) }
            }
        }
    }

    @Test(arguments: Backend.allCases)
    func listPaginationDelimiterAndBatchedDeleteMany(_ backend: Backend) async throws {
        try await withBucket(backend, "list", configure: { $0.bulkDeleteLimit = 100 }) { client, bucket, _ in
            var keys: [String] = []
            for i in 0..<550 { keys.append(String(format: "p/a/%04d", i)); keys.append(String(format: "p/b/%04d", i)) }
            keys.append("q/outside")
            try await withThrowingTaskGroup(of: Void.self) { g in
                var it = keys.makeIterator()
                for _ in 0..<8 { if let k = it.next() { g.addTask { try await client.put(k, bytes: Array(k.utf8)) } } }
                while try await g.next() != nil { if let k = it.next() { g.addTask { try await client.put(k, bytes: Array(k.utf8)) } } }
            }
            var pages = 0
            var listed: [String] = []
            for try await page in client.listPages(prefix: "p/", pageSize: 500) {
                pages += 1
                listed += page.objects.map(\.key)
            }
            #expect(pages == 3)
            #expect(listed == keys.filter { $0.hasPrefix("p/") }.sorted())
            var all: [String] = []
            for try await o in client.list(pageSize: 500) { all.append(o.key) }
            #expect(all.count == 1101)
            let top = try await client.listPage(prefix: "p/", delimiter: "/")
            #expect(top.commonPrefixes == ["p/a/", "p/b/"])
            #expect(top.objects.isEmpty)
            let result = try await client.deleteMany(keys + ["never-existed"])
            #expect(result.errors.isEmpty)
            #expect(result.deleted.count == 1102)
            var left = 0
            for try await _ in client.list() { left += 1 }
            #expect(left == 0)
        }
    }

    @Test(arguments: Backend.allCases)
    func copyObject(_ backend: Backend) async throws {
        try await withBucket(backend, "copy") { client, bucket, _ in
            let data = Array(repeating: UInt8(7), count: 1000)
            try await client.put("src", bytes: data)
            try await client.copy(from: "src", to: "dst/copy")
            #expect(try await client.get("dst/copy") == data)
        }
    }

    @Test(arguments: Backend.allCases)
    func multipartUploadAndRangedDownload(_ backend: Backend) async throws {
        try await withBucket(backend, "mp", configure: {
            $0.partSize = 5 << 20
            $0.multipartThreshold = 5 << 20
        }) { client, bucket, _ in
            let dir = Backends.tempDirectory()
            defer { try? FileManager.default.removeItem(at: dir) }
            var bytes = [UInt8](repeating: 0, count: 11 << 20)
            for i in stride(from: 0, to: bytes.count, by: 4096) { bytes[i] = UInt8(truncatingIfNeeded: i / 4096) }
            let src = dir.appendingPathComponent("src").path, dst = dir.appendingPathComponent("dst").path
            FileManager.default.createFile(atPath: src, contents: Data(bytes))
            let put = try await client.upload(file: src, to: "big")
            if backend == .rgw || backend == .gateway {
                // Ceph RGW 16.2 completes a multipart upload with an empty <ETag>; HEAD has the real one.
                // The gateway relays RGW's answer as it is.
                #expect(put.etag.isEmpty)
                #expect(try await client.head("big").etag.hasSuffix("-3\""))
            } else {
                #expect(put.etag.hasSuffix("-3\""))
            }
            let info = try await client.download("big", to: dst)
            #expect(info.size == Int64(bytes.count))
            #expect(FileManager.default.contents(atPath: dst) == Data(bytes))
            // Streamed upload of unknown length.
            let chunks = stride(from: 0, to: bytes.count, by: 1 << 20).map { Array(bytes[$0..<min($0 + (1 << 20), bytes.count)]) }
            let stream = AsyncStream<[UInt8]> { c in for ch in chunks { c.yield(ch) }; c.finish() }
            let sput = try await client.upload(stream: stream, to: "streamed")
            #expect(sput.size == Int64(bytes.count))
            #expect(try await client.get("streamed") == bytes)
        }
    }

    @Test(arguments: Backend.allCases)
    func presignedGetWithOwnTransport(_ backend: Backend) async throws {
        try await withBucket(backend, "pre") { client, bucket, _ in
            try await client.put("p/file.txt", bytes: Array("presigned".utf8))
            let url = try await client.presign("p/file.txt", expires: 600)
            let (status, body) = try await client.fetch(url: url)
            #expect(status == 200)
            #expect(body == Array("presigned".utf8))
            let (badStatus, _) = try await client.fetch(url: url.replacingOccurrences(of: "X-Amz-Expires=600", with: "X-Amz-Expires=601"))
            // The gateway checks the presigned signature itself, as local mode does.
            if backend == .pail || backend == .gateway { #expect(badStatus == 403) }
        }
    }

    @Test(arguments: Backend.allCases)
    func keyPrefixIsPrependedAndStripped(_ backend: Backend) async throws {
        try await withBucket(backend, "kp") { plain, bucket, running in
            var c = running.configuration(bucket: bucket)
            c.keyPrefix = "tenant-1/"
            let prefixed = try S3Client(configuration: c)
            try await prefixed.put("mail/1", bytes: [1, 2, 3])
            #expect(try await plain.get("tenant-1/mail/1") == [1, 2, 3])
            let page = try await prefixed.listPage(prefix: "mail/")
            #expect(page.objects.map(\.key) == ["mail/1"])
            let r = try await prefixed.deleteMany(["mail/1"])
            #expect(r.deleted == ["mail/1"])
            #expect(try await plain.exists("tenant-1/mail/1") == false)
        }
    }

    // Pail answers SigV2 with 501 NotImplemented on this branch; moto accepts it (without checking
    // signatures), so this only shows the V2 request shape is routable. Add .pail once the V2 verifier lands.
    @Test(arguments: [Backend.moto])
    func sigV2SignedRequestsWork(_ backend: Backend) async throws {
        try await withBucket(backend, "sig") { _, bucket, running in
            var v2 = running.configuration(bucket: bucket)
            v2.signatureVersion = .v2
            let c2 = try S3Client(configuration: v2)
            try await c2.put("v2/key", bytes: [9])
            #expect(try await c2.get("v2/key") == [9])
        }
    }
}
