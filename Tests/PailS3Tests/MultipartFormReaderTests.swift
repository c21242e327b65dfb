import Foundation
import Testing
@testable import PailS3

/// A body handed out in pieces of at most `chunk` bytes, as sockets do.
final class ChunkedSource {
    let bytes: [UInt8]
    let chunk: Int
    var offset = 0
    /// The largest buffer the reader asked to fill.
    var largestRequest = 0

    init(_ bytes: [UInt8], chunk: Int) {
        self.bytes = bytes
        self.chunk = chunk
    }

    func read(_ out: UnsafeMutableRawBufferPointer) -> Int {
        largestRequest = max(largestRequest, out.count)
        let n = min(chunk, out.count, bytes.count - offset)
        for i in 0..<n { out[i] = bytes[offset + i] }
        offset += n
        return n
    }
}

@Suite struct MultipartFormReaderTests {
    static let boundary = "----WebKitFormBoundaryAbC123"

    static func body(_ parts: [(headers: String, body: [UInt8])], preamble: String = "", epilogue: String = "\r\n") -> [UInt8] {
        var out = Array(preamble.utf8)
        for part in parts {
            out += Array("--\(boundary)\r\n\(part.headers)\r\n\r\n".utf8) + part.body + Array("\r\n".utf8)
        }
        return out + Array("--\(boundary)--\(epilogue)".utf8)
    }

    static func field(_ name: String, _ value: String) -> (headers: String, body: [UInt8]) {
        ("Content-Disposition: form-data; name=\"\(name)\"", Array(value.utf8))
    }

    static func file(_ data: [UInt8], filename: String = "a.txt") -> (headers: String, body: [UInt8]) {
        ("Content-Disposition: form-data; name=\"file\"; filename=\"\(filename)\"\r\nContent-Type: text/plain", data)
    }

    /// Every part's name, file name and body, read with `chunk`-byte source reads and `readSize`-byte reads.
    static func readAll(_ bytes: [UInt8], chunk: Int, readSize: Int = 1000) throws -> [(FormPart, [UInt8])] {
        let source = ChunkedSource(bytes, chunk: chunk)
        let reader = MultipartFormReader(boundary: boundary, bufferSize: 1024, source: source.read)
        var parts: [(FormPart, [UInt8])] = []
        var scratch = [UInt8](repeating: 0, count: readSize)
        while let part = try reader.nextPart() {
            var data: [UInt8] = []
            while true {
                let n = try scratch.withUnsafeMutableBytes { try reader.read(into: $0) }
                if n == 0 { break }
                data += scratch[0..<n]
            }
            parts.append((part, data))
        }
        return parts
    }

    @Test func fieldsAndFile_readWhole_atEveryChunkSize() throws {
        // The file holds near-delimiters: CRLF, "--", a delimiter missing its last byte, one without its
        // CRLF. (A whole `CRLF--boundary` cannot occur in a part: RFC 2046 §5.1.1 has senders choose a
        // boundary that does not.)
        let tricky = Array("line1\r\n--\r\n--\(Self.boundary.dropLast())\r\n\r\n-\(Self.boundary)X\n--\(Self.boundary) end\r".utf8)
        let bytes = Self.body([Self.field("key", "uploads/${filename}"), Self.field("x-amz-meta-note", ""), Self.file(tricky)])
        for chunk in [1, 2, 3, 7, 31, 64, 1000, bytes.count] {
            for readSize in [1, 5, 4096] {
                let parts = try Self.readAll(bytes, chunk: chunk, readSize: readSize)
                #expect(parts.map(\.0.name) == ["key", "x-amz-meta-note", "file"], "chunk \(chunk)")
                #expect(parts[0].1 == Array("uploads/${filename}".utf8))
                #expect(parts[1].1.isEmpty)
                #expect(parts[2].0.filename == "a.txt")
                #expect(parts[2].0.contentType == "text/plain")
                #expect(parts[2].1 == tricky, "chunk \(chunk) read \(readSize)")
            }
        }
    }

    @Test func preambleAndTransportPadding_areSkipped() throws {
        var bytes = Array("This is a preamble.\r\n".utf8)
        bytes += Array("--\(Self.boundary)  \t\r\nContent-Disposition: form-data; name=a\r\n\r\nA\r\n--\(Self.boundary)--".utf8)
        let parts = try Self.readAll(bytes, chunk: 3)
        #expect(parts.count == 1)
        #expect(parts[0].0.name == "a")
        #expect(parts[0].1 == Array("A".utf8))
    }

    @Test func unreadPart_isSkippedByNextPart() throws {
        let bytes = Self.body([Self.field("skipped", String(repeating: "x", count: 5000)), Self.field("b", "B")])
        let source = ChunkedSource(bytes, chunk: 100)
        let reader = MultipartFormReader(boundary: Self.boundary, bufferSize: 1024, source: source.read)
        #expect(try reader.nextPart()?.name == "skipped")
        #expect(try reader.nextPart()?.name == "b")
        #expect(try reader.readValue(limit: 10) == Array("B".utf8))
        #expect(try reader.nextPart() == nil)
        #expect(try reader.nextPart() == nil)
    }

    @Test func readValue_beyondLimit_isTooLarge() throws {
        let bytes = Self.body([Self.field("big", String(repeating: "y", count: 100))])
        let reader = MultipartFormReader(boundary: Self.boundary, source: ChunkedSource(bytes, chunk: 7).read)
        _ = try reader.nextPart()
        #expect(throws: MultipartFormError.tooLarge) { try reader.readValue(limit: 99) }
        let again = MultipartFormReader(boundary: Self.boundary, source: ChunkedSource(bytes, chunk: 7).read)
        _ = try again.nextPart()
        #expect(try again.readValue(limit: 100).count == 100)
    }

    @Test func bodyWithoutClosingDelimiter_isTruncated() throws {
        var bytes = Self.body([Self.file(Array("abc".utf8))])
        bytes.removeLast(Self.boundary.utf8.count + 6)  // "\r\n--boundary--\r\n" cut inside
        let reader = MultipartFormReader(boundary: Self.boundary, source: ChunkedSource(bytes, chunk: 5).read)
        _ = try reader.nextPart()
        var scratch = [UInt8](repeating: 0, count: 64)
        #expect(throws: MultipartFormError.truncated) {
            while try scratch.withUnsafeMutableBytes({ try reader.read(into: $0) }) > 0 {}
        }
    }

    @Test func malformedBodies_areRefused() {
        let cases: [(String, [UInt8])] = [
            ("no delimiter", Array("just some text".utf8)),
            ("no disposition", Array("--\(Self.boundary)\r\nContent-Type: text/plain\r\n\r\nx\r\n--\(Self.boundary)--".utf8)),
            ("not form-data", Array("--\(Self.boundary)\r\nContent-Disposition: attachment; name=a\r\n\r\nx\r\n--\(Self.boundary)--".utf8)),
            ("no name", Array("--\(Self.boundary)\r\nContent-Disposition: form-data\r\n\r\nx\r\n--\(Self.boundary)--".utf8)),
            ("junk after delimiter", Array("--\(Self.boundary)junk\r\nContent-Disposition: form-data; name=a\r\n\r\nx\r\n--\(Self.boundary)--".utf8)),
            ("header without colon", Array("--\(Self.boundary)\r\nContent-Disposition form-data\r\n\r\nx\r\n--\(Self.boundary)--".utf8)),
        ]
        for (name, bytes) in cases {
            let reader = MultipartFormReader(boundary: Self.boundary, source: ChunkedSource(bytes, chunk: 4).read)
            #expect(throws: MultipartFormError.self, "\(name)") { _ = try reader.nextPart() }
        }
    }

    @Test func oversizedHeaderBlock_isTooLarge() {
        let bytes = Array("--\(Self.boundary)\r\nContent-Disposition: form-data; name=a\r\nX-Long: \(String(repeating: "z", count: 3000))\r\n\r\nx\r\n--\(Self.boundary)--".utf8)
        let reader = MultipartFormReader(boundary: Self.boundary, bufferSize: 8192, source: ChunkedSource(bytes, chunk: 512).read)
        #expect(throws: MultipartFormError.tooLarge) { _ = try reader.nextPart(headerLimit: 1024) }
    }

    @Test func position_countsBodyBytesConsumed() throws {
        let bytes = Self.body([Self.field("a", "12345"), Self.file(Array("z".utf8))])
        let reader = MultipartFormReader(boundary: Self.boundary, source: ChunkedSource(bytes, chunk: 1000).read)
        #expect(reader.position == 0)
        _ = try reader.nextPart()
        _ = try reader.readValue(limit: 100)
        let header = "--\(Self.boundary)\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n12345"
        // The value and the delimiter after it are consumed.
        #expect(reader.position == Int64(header.utf8.count + 2 + 2 + Self.boundary.utf8.count))
    }

    /// A 64 MiB file streams through the one fixed buffer: the reader never asks the source for more
    /// than its buffer, and hands every byte out in order.
    @Test func largeFile_streamsInFixedMemory() throws {
        let size = 64 << 20
        let head = Array("--\(Self.boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.bin\"\r\n\r\n".utf8)
        let tail = Array("\r\n--\(Self.boundary)--\r\n".utf8)
        var produced = 0
        var largestRequest = 0
        let total = head.count + size + tail.count
        let reader = MultipartFormReader(boundary: Self.boundary) { out in
            largestRequest = max(largestRequest, out.count)
            let n = min(out.count, total - produced)
            for i in 0..<n {
                let at = produced + i
                out[i] = at < head.count ? head[at] : at < head.count + size ? UInt8(truncatingIfNeeded: (at - head.count) % 251) | 1
                    : tail[at - head.count - size]
            }
            produced += n
            return n
        }
        #expect(try reader.nextPart()?.filename == "big.bin")
        var scratch = [UInt8](repeating: 0, count: 256 * 1024)
        var seen = 0
        var ordered = true
        while true {
            let n = try scratch.withUnsafeMutableBytes { try reader.read(into: $0) }
            if n == 0 { break }
            for i in stride(from: 0, to: n, by: 4093) where scratch[i] != UInt8(truncatingIfNeeded: (seen + i) % 251) | 1 { ordered = false }
            seen += n
        }
        #expect(seen == size)
        #expect(ordered)
        #expect(largestRequest <= reader.bufferCapacity)
        #expect(reader.bufferCapacity == 64 * 1024)
        #expect(try reader.nextPart() == nil)
    }

    @Test func boundary_fromContentType() {
        #expect(MultipartFormReader.boundary(contentType: "multipart/form-data; boundary=abc") == "abc")
        #expect(MultipartFormReader.boundary(contentType: "Multipart/Form-Data;boundary=\"a b:c\"") == "a b:c")
        #expect(MultipartFormReader.boundary(contentType: "multipart/form-data; charset=utf-8; BOUNDARY=x") == "x")
        #expect(MultipartFormReader.boundary(contentType: "multipart/form-data") == nil)
        #expect(MultipartFormReader.boundary(contentType: "multipart/mixed; boundary=abc") == nil)
        #expect(MultipartFormReader.boundary(contentType: "multipart/form-data; boundary=") == nil)
        #expect(MultipartFormReader.boundary(contentType: "multipart/form-data; boundary=" + String(repeating: "b", count: 71)) == nil)
    }

    @Test func contentDisposition_parameters() {
        func part(_ disposition: String) -> FormPart? { FormPart(headers: [("content-disposition", disposition)]) }
        #expect(part("form-data; name=\"key\"") == FormPart(name: "key"))
        #expect(part("form-data; name=\"file\"; filename=\"my photo.jpg\"")?.filename == "my photo.jpg")
        #expect(part("form-data; name=file; filename=\"a\\\"b.txt\"")?.filename == "a\"b.txt")
        #expect(part("form-data; name=\"file\"; filename=\"\"")?.filename == "")
        #expect(part("form-data; name=\"file\"; filename=\"x\"; filename*=UTF-8''%C3%A9t%C3%A9.txt")?.filename == "été.txt")
        #expect(part("FORM-DATA; NAME=\"Content-Type\"")?.name == "Content-Type")
        #expect(part("form-data; name=\"a;b\"")?.name == "a;b")
        #expect(part("attachment; name=\"a\"") == nil)
        #expect(FormPart(headers: [("Content-Type", "text/plain")]) == nil)
    }
}
