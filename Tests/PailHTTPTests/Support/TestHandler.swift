import Foundation
import PailHTTP
import Synchronization

/// Serves test routes chosen by path:
/// - `/echo`: reads the body; answers with method, target, version, body length and FNV hash.
/// - `/status/NNN`: answers NNN without reading the body.
/// - `/count`: counts body bytes with a fixed 256 KiB buffer (the body is never held whole).
/// - `/stream/N`: a streamed body of N bytes in 10 000-byte writes.
/// - `/truncated`: declares 1000 bytes, writes 500.
/// - `/throws`: declares 1000 bytes, writes 100, throws.
/// - `/file?offset=O&count=C`: `sendFile` from `filePath`.
/// - `/head`: Content-Length 1234 with `omitBody`.
/// - `/slow`: sleeps `slowDelay`, then answers "done".
/// - `/close`: answers with `closeConnection`.
final class TestHandler: HTTPHandler {
    private struct Settings {
        var filePath: String?
        var slowDelay: Double = 0.5
        var largestRead = 0
    }
    private let settings = Mutex(Settings())
    var filePath: String? {
        get { settings.withLock { $0.filePath } }
        set { settings.withLock { $0.filePath = newValue } }
    }
    var slowDelay: Double {
        get { settings.withLock { $0.slowDelay } }
        set { settings.withLock { $0.slowDelay = newValue } }
    }
    var largestRead: Int { settings.withLock { $0.largestRead } }

    func handle(_ request: HTTPRequest) -> HTTPResponse {
        let path = String(request.head.rawPath)
        switch path {
        case "/echo":
            var hasher = FNV1a()
            var length = 0
            var chunk = [UInt8](repeating: 0, count: 16 * 1024)
            do {
                while true {
                    let n = try chunk.withUnsafeMutableBytes { try request.body.read(into: $0) }
                    if n == 0 { break }
                    hasher.update(chunk[0..<n])
                    length += n
                }
            } catch {
                return HTTPResponse(status: 400, body: .bytes(Array("body error \(error)\n".utf8)))
            }
            var text = "method=\(request.head.method)\ntarget=\(request.head.target)\nversion=\(request.head.version)\n"
            text += "length=\(length)\nhash=\(hasher.hex)\ndeclared=\(request.contentLength.map(String.init) ?? "nil")\n"
            for f in request.head.headers { text += "h:\(f.name)=\(f.value)\n" }
            return HTTPResponse(status: 200, headers: HTTPHeaders([("Content-Type", "text/plain")]), body: .bytes(Array(text.utf8)))
        case "/count":
            let size = 256 * 1024
            let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: size, alignment: 16)
            defer { buffer.deallocate() }
            var total = 0, largest = 0
            do {
                while true {
                    let n = try request.body.read(into: buffer)
                    if n == 0 { break }
                    total += n
                    largest = max(largest, n)
                }
            } catch {
                return HTTPResponse(status: 400, body: .bytes(Array("body error \(error)\n".utf8)))
            }
            settings.withLock { $0.largestRead = largest }
            return HTTPResponse(status: 200, body: .bytes(Array("\(total)".utf8)))
        case "/stream":
            let n = Int(request.head.rawQuery) ?? 0
            return HTTPResponse(status: 200, body: .stream(length: Int64(n)) { writer in
                let block = [UInt8](repeating: UInt8(ascii: "s"), count: 10_000)
                var left = n
                while left > 0 {
                    let k = min(left, block.count)
                    try block.withUnsafeBytes { try writer.write(UnsafeRawBufferPointer(rebasing: $0[0..<k])) }
                    left -= k
                }
            })
        case "/truncated":
            return HTTPResponse(status: 200, body: .stream(length: 1000) { writer in
                try [UInt8](repeating: 0x61, count: 500).withUnsafeBytes { try writer.write($0) }
            })
        case "/throws":
            return HTTPResponse(status: 200, body: .stream(length: 1000) { writer in
                try [UInt8](repeating: 0x61, count: 100).withUnsafeBytes { try writer.write($0) }
                throw HTTPError.io(5)
            })
        case "/file":
            var offset: Int64 = 0, count: Int64 = 0
            for pair in request.head.rawQuery.split(separator: "&") {
                let kv = pair.split(separator: "=")
                if kv.count == 2, kv[0] == "offset" { offset = Int64(kv[1]) ?? 0 }
                if kv.count == 2, kv[0] == "count" { count = Int64(kv[1]) ?? 0 }
            }
            let path = filePath!
            return HTTPResponse(status: 200, body: .stream(length: count) { writer in
                let fd = open(path, O_RDONLY)
                defer { close(fd) }
                try writer.sendFile(fd: fd, offset: offset, count: count)
            })
        case "/head":
            var r = HTTPResponse(status: 200, headers: HTTPHeaders([("Content-Length", "1234")]))
            r.omitBody = true
            return r
        case "/slow":
            Thread.sleep(forTimeInterval: slowDelay)
            return HTTPResponse(status: 200, body: .bytes(Array("done".utf8)))
        case "/close":
            var r = HTTPResponse(status: 200, body: .bytes(Array("bye".utf8)))
            r.closeConnection = true
            return r
        default:
            if path.hasPrefix("/status/"), let code = Int(path.dropFirst(8)) {
                return HTTPResponse(status: code, body: .bytes(Array("status \(code)\n".utf8)))
            }
            return HTTPResponse(status: 404, body: .bytes(Array("not found\n".utf8)))
        }
    }
}

/// FNV-1a 64-bit: a cheap body fingerprint for comparing what was sent with what arrived.
struct FNV1a {
    private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    mutating func update<C: Collection>(_ bytes: C) where C.Element == UInt8 {
        for b in bytes {
            value ^= UInt64(b)
            value = value &* 0x100_0000_01b3
        }
    }

    var hex: String { String(value, radix: 16) }

    static func hash(_ bytes: [UInt8]) -> String {
        var h = FNV1a()
        h.update(bytes)
        return h.hex
    }
}
