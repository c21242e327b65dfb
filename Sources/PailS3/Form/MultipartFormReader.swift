import Foundation

/// Reads a `multipart/form-data` body (RFC 7578; framing from RFC 2046 §5.1.1) front to back, one
/// part at a time, through one fixed buffer: a part's body is handed out as it arrives, so a file
/// of any size passes through in the same memory.
///
/// Use: `nextPart()` for each part's headers, then `read(into:)` (streaming) or `readValue(limit:)`
/// (a small field, whole) for its body; `nextPart()` skips whatever of a part was not read and
/// returns nil after the closing delimiter. Bytes after it (the epilogue) are never read.
///
/// Framing: every delimiter is `CRLF--boundary`; the CRLF belongs to the delimiter, not to the part
/// before it. The first delimiter may begin the body (no CRLF before it): the reader starts as if a
/// CRLF preceded the body, which makes the first delimiter look like every other, and skips a
/// preamble. After a delimiter comes `--` (the end) or optional spaces and tabs then CRLF, then the
/// part's header lines up to an empty line.
///
/// Memory: the buffer holds `bufferCapacity` bytes and is never grown. A body is handed out up to the
/// last `delimiter length − 1` bytes buffered (they could begin a delimiter that the next read
/// completes), so nothing more than one buffer is ever held. Not thread-safe.
public final class MultipartFormReader {
    /// Reads body bytes into the buffer given; returns 0 at the end of the body.
    public typealias Source = (UnsafeMutableRawBufferPointer) throws -> Int

    private enum State {
        /// Before the first delimiter.
        case preamble
        /// Inside a part's body.
        case body
        /// Just after a delimiter (its `CRLF--boundary` consumed).
        case delimiter
        /// After the closing delimiter.
        case done
    }

    private let source: Source
    private let delimiter: [UInt8]
    private let buffer: UnsafeMutableRawBufferPointer
    /// The unread bytes are `buffer[start..<end]`.
    private var start = 0, end = 0
    private var sourceEnded = false
    private var state = State.preamble
    /// Bytes taken from `source` so far.
    private var pulled: Int64 = 0

    /// The capacity of the one buffer the reader holds.
    public var bufferCapacity: Int { buffer.count }

    /// Body bytes consumed so far: everything before the data still buffered and unread.
    public var position: Int64 { max(0, pulled - Int64(end - start)) }

    /// `boundary` is the `boundary` parameter of the request's `Content-Type` (see `boundary(contentType:)`).
    public init(boundary: String, bufferSize: Int = 64 * 1024, source: @escaping Source) {
        self.source = source
        delimiter = Array("\r\n--\(boundary)".utf8)
        let capacity = max(bufferSize, 4 * delimiter.count + 1024)
        buffer = .allocate(byteCount: capacity, alignment: 16)
        // The virtual CRLF before the body (see above); not counted in `position`.
        buffer[0] = 0x0D
        buffer[1] = 0x0A
        end = 2
    }

    deinit { buffer.deallocate() }

    /// The boundary of a `multipart/form-data` Content-Type (`multipart/form-data; boundary=…`, the
    /// type compared case-insensitively, the boundary possibly quoted). Nil for another type, or a
    /// boundary that is missing, empty or longer than RFC 2046's 70 characters.
    public static func boundary(contentType: String) -> String? {
        let parsed = HeaderParameters(contentType)
        guard parsed.value.lowercased() == "multipart/form-data", let boundary = parsed["boundary"],
              (1...70).contains(boundary.utf8.count) else { return nil }
        return boundary
    }

    // MARK: Parts

    /// Moves to the next part and returns its headers; nil after the closing delimiter. Skips the
    /// unread rest of the current part (or the preamble). `headerLimit` bounds the part's header
    /// block (and the preamble): beyond it, `tooLarge`.
    public func nextPart(headerLimit: Int = 16 * 1024) throws -> FormPart? {
        switch state {
        case .done: return nil
        case .body: try skipBody()
        case .preamble: try skipPreamble(limit: headerLimit)
        case .delimiter: break
        }
        guard state == .delimiter else { return nil }
        // `--` closes the body; anything else must be transport padding then CRLF.
        guard try ensure(2) else { throw MultipartFormError.truncated }
        if buffer[start] == UInt8(ascii: "-"), buffer[start + 1] == UInt8(ascii: "-") {
            start += 2
            state = .done
            return nil
        }
        while try ensure(1), buffer[start] == 0x20 || buffer[start] == 0x09 { start += 1 }
        guard try ensure(2) else { throw MultipartFormError.truncated }
        guard buffer[start] == 0x0D, buffer[start + 1] == 0x0A else {
            throw MultipartFormError.malformed("a boundary delimiter is not followed by CRLF")
        }
        start += 2
        let headers = try readHeaderLines(limit: headerLimit)
        guard let part = FormPart(headers: headers) else {
            throw MultipartFormError.malformed("a part has no Content-Disposition: form-data; name=…")
        }
        state = .body
        return part
    }

    /// Reads bytes of the current part's body into `out`; 0 at the part's end (and when there is no
    /// current part). Throws `truncated` when the body ends inside the part.
    public func read(into out: UnsafeMutableRawBufferPointer) throws -> Int {
        guard state == .body, out.count > 0 else { return 0 }
        let n = try nextBodyRun(max: out.count)
        if n > 0 { out.baseAddress!.copyMemory(from: buffer.baseAddress! + start, byteCount: n) }
        start += n
        return n
    }

    /// The rest of the current part's body, whole; `tooLarge` beyond `limit` bytes.
    public func readValue(limit: Int) throws -> [UInt8] {
        var value: [UInt8] = []
        while state == .body {
            let n = try nextBodyRun(max: limit + 1 - value.count)
            if n == 0 { break }
            value.append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[start..<start + n]))
            start += n
            if value.count > limit { throw MultipartFormError.tooLarge }
        }
        return value
    }

    // MARK: Framing

    /// How many bytes of the part's body are buffered at `start` and may be handed out now (at most
    /// `max`, at least 1), filling the buffer as needed; 0 when the part ends at `start`, after which
    /// the delimiter has been consumed and the state is `.delimiter`.
    private func nextBodyRun(max: Int) throws -> Int {
        while true {
            if let found = findDelimiter(from: start) {
                if found == start {
                    start += delimiter.count
                    state = .delimiter
                    return 0
                }
                return min(found - start, max)
            }
            // Not found: the last `delimiter.count - 1` bytes may be the start of one.
            let safe = end - (delimiter.count - 1) - start
            if safe > 0 { return min(safe, max) }
            guard try fill() else { throw MultipartFormError.truncated }
        }
    }

    private func skipBody() throws {
        while state == .body {
            start += try nextBodyRun(max: Int.max)
        }
    }

    private func skipPreamble(limit: Int) throws {
        while true {
            if let found = findDelimiter(from: start) {
                start = found + delimiter.count
                state = .delimiter
                return
            }
            let keep = delimiter.count - 1
            if end - start > keep { start = end - keep }
            if position > Int64(limit) { throw MultipartFormError.tooLarge }
            guard try fill() else {
                throw MultipartFormError.malformed("the body holds no boundary delimiter")
            }
        }
    }

    /// Header lines up to the empty line that ends the block, split at the first `:`.
    private func readHeaderLines(limit: Int) throws -> [(name: String, value: String)] {
        var fields: [(name: String, value: String)] = []
        var size = 0
        while true {
            var lineEnd: Int?
            while true {
                lineEnd = findCRLF(from: start)
                if lineEnd != nil { break }
                if end - start > limit - size { throw MultipartFormError.tooLarge }
                guard try fill() else { throw MultipartFormError.truncated }
            }
            let line = UnsafeRawBufferPointer(rebasing: buffer[start..<lineEnd!])
            size += line.count + 2
            if size > limit { throw MultipartFormError.tooLarge }
            start = lineEnd! + 2
            if line.isEmpty { return fields }
            guard let colon = line.firstIndex(of: UInt8(ascii: ":")), colon > line.startIndex else {
                throw MultipartFormError.malformed("a part header line has no field name")
            }
            let name = String(decoding: UnsafeRawBufferPointer(rebasing: line[line.startIndex..<colon]), as: UTF8.self)
            let value = String(decoding: UnsafeRawBufferPointer(rebasing: line[(colon + 1)...]), as: UTF8.self)
            fields.append((name.trimmedHeaderSpaces(), value.trimmedHeaderSpaces()))
        }
    }

    /// True when at least `count` unread bytes are buffered, filling as needed; false at the end of the body.
    private func ensure(_ count: Int) throws -> Bool {
        while end - start < count {
            guard try fill() else { return false }
        }
        return true
    }

    /// Moves the unread bytes to the front and reads more after them. False at the end of the body
    /// (or when the buffer is full of unread bytes, which the callers' limits keep from happening).
    private func fill() throws -> Bool {
        if sourceEnded { return false }
        if start > 0 {
            let unread = end - start
            if unread > 0 { memmove(buffer.baseAddress!, buffer.baseAddress! + start, unread) }
            start = 0
            end = unread
        }
        guard end < buffer.count else { return false }
        let n = try source(UnsafeMutableRawBufferPointer(rebasing: buffer[end...]))
        if n <= 0 {
            sourceEnded = true
            return false
        }
        end += n
        pulled += Int64(n)
        return true
    }

    /// The index of the first whole delimiter in `buffer[from..<end]`, or nil.
    private func findDelimiter(from: Int) -> Int? {
        let base = buffer.baseAddress!.assumingMemoryBound(to: UInt8.self)
        var i = from
        let last = end - delimiter.count
        return delimiter.withUnsafeBufferPointer { d -> Int? in
            while i <= last {
                guard let hit = memchr(base + i, Int32(d[0]), last + 1 - i) else { return nil }
                let at = UnsafePointer<UInt8>(hit.assumingMemoryBound(to: UInt8.self)) - UnsafePointer(base)
                if memcmp(base + at, d.baseAddress!, d.count) == 0 { return at }
                i = at + 1
            }
            return nil
        }
    }

    /// The index of the first CRLF in `buffer[from..<end]`, or nil.
    private func findCRLF(from: Int) -> Int? {
        var i = from
        while i + 1 < end {
            if buffer[i] == 0x0D, buffer[i + 1] == 0x0A { return i }
            i += 1
        }
        return nil
    }
}
