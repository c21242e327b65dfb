import FuzzCommon
@testable import PailHTTP
import PailS3

// The request-head parser and the body framing of one connection, as `HTTPConnection` drives them:
// heads are read from the connection buffer, framing is decided (Content-Length / chunked / none),
// the body is read to its end, and the next pipelined request follows.
//
// Input: byte 0 picks the read size of the fake peer; the rest is what the peer sends.
// Properties:
// - nothing crashes, hangs or leaks;
// - what the connection sees does not depend on how the bytes are split into reads (each input is
//   served twice, with the chosen read size and in reads of the whole buffer, and the two transcripts
//   must agree);
// - a Content-Length body that completes delivers exactly that many bytes;
// - `FieldList.contains`'s byte scan answers as the plain String definition on ASCII values.

/// Small limits, so that inputs reach them quickly.
let maxHeaderBytes = 2048
let maxHeaderCount = 24

/// What one connection did with the bytes, request by request.
enum Event: Equatable {
    case head(method: String, target: String, version: String, fields: [String], keepAlive: Bool)
    case headError(status: Int)
    case framingError(status: Int)
    case body(bytes: [UInt8], complete: Bool)
    case bodyError(String)
    case closed
}

func serve(_ data: [UInt8], readSize: Int) -> [Event] {
    let transport = MemoryTransport(data, readSize: readSize)
    let reader = ConnectionReader(transport: transport, capacity: maxHeaderBytes + 1024)
    var events: [Event] = []
    for _ in 0..<8 {
        let head: HTTPRequestHead
        do {
            guard let h = try RequestHeadReader.read(from: reader, maxHeaderBytes: maxHeaderBytes,
                                                     maxHeaderCount: maxHeaderCount, deadline: .after(10)) else {
                events.append(.closed)
                return events
            }
            head = h
        } catch let e as HeadStatusError {
            events.append(.headError(status: e.status))
            return events
        } catch {
            events.append(.closed)
            return events
        }
        // What the pipeline asks of every head.
        _ = head.rawPath
        _ = QueryString.parseChecked(head.rawQuery)
        let keepAlive = HTTPConnection.wantsKeepAlive(head)
        for field in head.headers where field.name.caseInsensitiveEquals("Connection") {
            checkFieldList(field.value)
        }
        events.append(.head(method: head.method, target: head.target, version: head.version,
                            fields: head.headers.fields.map { $0.name + ":" + $0.value }, keepAlive: keepAlive))
        let framing: RequestFraming
        do {
            framing = try RequestFraming.determine(head.headers)
        } catch let e as HeadStatusError {
            events.append(.framingError(status: e.status))
            return events
        } catch {
            fuzzCheck(false, "RequestFraming threw \(error)")
            return events
        }
        let body = RequestBody(framing: framing, reader: reader, stallTimeout: 10, maxTrailerBytes: maxHeaderBytes,
                               beforeFirstRead: nil)
        var received: [UInt8] = []
        var scratch = [UInt8](repeating: 0, count: 4096)
        do {
            while received.count <= 1 << 20 {
                let n = try scratch.withUnsafeMutableBytes { try body.read(into: $0) }
                if n == 0 { break }
                received += scratch[..<n]
            }
        } catch {
            events.append(.bodyError("\(error)"))
            return events
        }
        if case .length(let n) = framing, body.isComplete {
            fuzzCheck(Int64(received.count) == n, "Content-Length \(n) but \(received.count) bytes read")
        }
        events.append(.body(bytes: received, complete: body.isComplete))
        guard body.isComplete, keepAlive else { return events }
    }
    return events
}

/// `FieldList.contains` against its definition for ASCII values.
func checkFieldList(_ value: String) {
    guard value.utf8.allSatisfy({ $0 < 0x80 }) else { return }
    for token in ["close", "keep-alive", "upgrade"] {
        let plain = value.split(separator: ",", omittingEmptySubsequences: false).contains {
            $0.trimmingSpaces().lowercased() == token
        }
        fuzzCheck(FieldList.contains(value, token: token) == plain, "FieldList.contains(\(value.debugDescription), \(token))")
    }
}

/// Whether a transcript reached a size limit, where how the bytes arrived may change the answer: a head
/// that arrives whole in one read is parsed even when it exceeds `maxHeaderBytes`.
func hitLimit(_ events: [Event]) -> Bool {
    events.contains { if case .headError(431) = $0 { return true }; return false }
}

func fuzz(_ bytes: [UInt8]) {
    var input = FuzzReader(bytes)
    let readSize = Int(input.byte() % 32) + 1
    let data = input.rest
    let chunked = serve(data, readSize: readSize)
    let whole = serve(data, readSize: Int.max)
    if !hitLimit(chunked) && !hitLimit(whole) {
        fuzzCheck(chunked == whole, "transcript depends on read size \(readSize):\n\(chunked)\nvs\n\(whole)")
    }
}

@_cdecl("FuzzHTTPHead_main")
func entry(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runLibFuzzer(argc, argv) { data, size in
        fuzz(fuzzBytes(data, size))
        return 0
    }
}
