/// Streams the object bytes out of an aws-chunked request body (`Content-Encoding: aws-chunked`),
/// verifying chunk and trailer signatures as it goes (sigv4-streaming.html,
/// sigv4-streaming-trailers.html; protocol.md §3 "Streaming").
///
/// Holds at most one 64 KiB read buffer however large the chunks are: chunk data is hashed as it
/// passes and, when the internal buffer is empty, read from `source` straight into the caller's
/// buffer. A chunk's signature is checked when the chunk ends, so the bytes of a chunk reach the caller
/// *before* they are verified: the caller must not commit the object until `read` has returned 0.
///
/// Errors (all `S3Error`):
/// - `IncompleteBody` (400): the source ends before the last chunk and its terminator.
/// - `InvalidRequest` (400): malformed framing: bad chunk size, missing CRLF, a header or trailer line
///   over 4 KiB, a trailer section over 16 KiB, a missing `chunk-signature` in signed mode, a trailer
///   line without `:`, or trailers when none were declared.
/// - `SignatureDoesNotMatch` (403): a chunk or trailer signature differs from the one computed, or
///   a signed trailer section lacks `x-amz-trailer-signature`.
///
/// Bytes after the final terminator are not read. Not thread-safe.
public final class AWSChunkedDecoder {
    /// How chunks are authenticated.
    public enum Mode: Sendable {
        /// `STREAMING-AWS4-HMAC-SHA256-PAYLOAD[-TRAILER]`: each chunk carries `chunk-signature`, chained
        /// from the request's (seed) signature.
        case signed(seedSignature: String, signingKey: [UInt8], amzDate: String, scope: String)
        /// `STREAMING-UNSIGNED-PAYLOAD-TRAILER`: plain `hex(len)` chunk headers; extensions ignored.
        case unsigned
    }

    /// Trailer headers in received order, names lower-cased, values trimmed (the trailer signature
    /// itself is not listed). Complete once `read` has returned 0.
    public private(set) var trailers: [(name: String, value: String)] = []
    /// Object bytes returned so far.
    public private(set) var decodedLength: Int64 = 0

    static let bufferSize = 64 * 1024
    static let maxLineLength = 4096
    static let maxTrailerBytes = 16 * 1024

    private enum State { case chunkHeader, data(remaining: Int64), trailer, done }

    private let signing: (key: [UInt8], amzDate: String, scope: String)?
    private let expectTrailer: Bool
    private let source: (UnsafeMutableRawBufferPointer) throws -> Int
    private let buffer: UnsafeMutableRawBufferPointer
    private var start = 0
    private var end = 0
    private var sourceEnded = false
    private var state = State.chunkHeader
    private var previousSignature = ""
    private var chunkSignature = ""
    private let hasher: Digest?

    /// - Parameters:
    ///   - mode: signed (with the seed signature and signing material of the request) or unsigned.
    ///   - expectTrailer: whether the request declared `x-amz-trailer`; trailer lines are refused
    ///     otherwise, and in signed mode they must end with a valid `x-amz-trailer-signature`.
    ///   - source: reads raw body bytes into the buffer it is given, returning the count, 0 at the end.
    public init(mode: Mode, expectTrailer: Bool, source: @escaping (UnsafeMutableRawBufferPointer) throws -> Int) {
        switch mode {
        case let .signed(seed, key, amzDate, scope):
            signing = (key, amzDate, scope)
            previousSignature = seed.lowercased()
            hasher = Digest(.sha256)
        case .unsigned:
            signing = nil
            hasher = nil
        }
        self.expectTrailer = expectTrailer
        self.source = source
        buffer = .allocate(byteCount: AWSChunkedDecoder.bufferSize, alignment: 16)
    }

    deinit { buffer.deallocate() }

    /// Copies the next decoded bytes into `out` and returns their count (at most one chunk's worth per
    /// call). Returns 0 once the final chunk and the trailers have been read and verified, and on
    /// every call after that; also returns 0 for an empty `out`.
    public func read(into out: UnsafeMutableRawBufferPointer) throws -> Int {
        guard out.count > 0 else { return 0 }
        while true {
            switch state {
            case .done:
                return 0
            case .chunkHeader:
                try readChunkHeader()
            case .trailer:
                try readTrailers()
                state = .done
                return 0
            case .data(let remaining):
                if remaining == 0 {
                    try finishChunk()
                    continue
                }
                let want = Int(min(remaining, Int64(out.count)))
                let n: Int
                if start < end {
                    n = min(want, end - start)
                    out.baseAddress!.copyMemory(from: UnsafeRawPointer(buffer.baseAddress! + start), byteCount: n)
                    start += n
                } else {
                    // Nothing buffered: read straight into the caller's buffer, saving a copy of the data.
                    n = sourceEnded ? 0 : min(want, try source(UnsafeMutableRawBufferPointer(rebasing: out[0..<want])))
                    if n <= 0 { sourceEnded = true; throw S3Error.incompleteBody() }
                }
                hasher?.update(UnsafeRawBufferPointer(rebasing: out[0..<n]))
                state = .data(remaining: remaining - Int64(n))
                decodedLength += Int64(n)
                return n
            }
        }
    }

    // MARK: - Framing

    /// `hex-size[;ext[=value]]*` with `chunk-signature=<64 hex>` required in signed mode.
    private func readChunkHeader() throws {
        guard let line = try readLine() else { throw S3Error.incompleteBody() }
        var parts = line.split(separator: UInt8(ascii: ";"), omittingEmptySubsequences: false).makeIterator()
        let sizeField = trimmed(parts.next() ?? [])
        guard !sizeField.isEmpty, sizeField.count <= 15 else { throw Self.malformed("invalid chunk size") }
        var size: Int64 = 0
        for c in sizeField {
            guard let v = hexValue(c) else { throw Self.malformed("invalid chunk size") }
            size = size << 4 | Int64(v)
        }
        var signature: String?
        while let ext = parts.next() {
            let e = trimmed(ext)
            let prefix = Array("chunk-signature=".utf8)
            if e.count > prefix.count, e[e.startIndex..<(e.startIndex + prefix.count)].elementsEqual(prefix) {
                signature = String(decoding: e[(e.startIndex + prefix.count)...], as: UTF8.self)
            }
        }
        if let signing {
            guard let signature, signature.utf8.count == 64, signature.utf8.allSatisfy({ hexValue($0) != nil }) else {
                throw Self.malformed("missing or malformed chunk-signature")
            }
            chunkSignature = signature
            if size == 0 {
                try verifyChunk(dataHash: SigV4.emptySHA256, signing)
            } else {
                hasher!.reset()
            }
        }
        state = size == 0 ? .trailer : .data(remaining: size)
    }

    /// The CRLF after chunk data, then the chunk's signature.
    private func finishChunk() throws {
        try ensure(2)
        guard buffer[start] == 0x0D, buffer[start + 1] == 0x0A else { throw Self.malformed("chunk data not followed by CRLF") }
        start += 2
        if let signing { try verifyChunk(dataHash: hasher!.finalize().hex, signing) }
        state = .chunkHeader
    }

    private func verifyChunk(dataHash: String, _ s: (key: [UInt8], amzDate: String, scope: String)) throws {
        let sts = AWSChunkedSigning.chunkStringToSign(amzDate: s.amzDate, scope: s.scope, previous: previousSignature, dataHash: dataHash)
        let computed = SigV4.signature(key: s.key, stringToSign: sts)
        guard SigV4.signaturesEqual(computed, chunkSignature) else {
            throw AWSChunkedSigning.mismatch(stringToSign: sts, provided: chunkSignature)
        }
        previousSignature = computed
    }

    /// Trailer lines up to the empty line. EOF right after a complete trailer line is accepted (the
    /// final CRLF is sometimes left off); EOF before any is `IncompleteBody`.
    private func readTrailers() throws {
        var canonical: [UInt8] = []
        var trailerSignature: String?
        var total = 0
        var count = 0
        while true {
            guard let line = try readLine() else {
                if count > 0 { break }
                throw S3Error.incompleteBody()
            }
            if line.isEmpty { break }
            guard expectTrailer else { throw Self.malformed("trailer sent but none declared in x-amz-trailer") }
            total += line.count + 2
            count += 1
            guard total <= Self.maxTrailerBytes else { throw Self.malformed("trailer section too large") }
            guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { throw Self.malformed("trailer line without ':'") }
            let name = String(decoding: trimmed(line[..<colon]), as: UTF8.self).lowercased()
            let value = String(decoding: trimmed(line[(colon + 1)...]), as: UTF8.self)
            guard !name.isEmpty else { throw Self.malformed("trailer line without a name") }
            if signing != nil {
                if name == "x-amz-trailer-signature" {
                    guard trailerSignature == nil else { throw Self.malformed("repeated x-amz-trailer-signature") }
                    trailerSignature = value
                    continue
                }
                guard trailerSignature == nil else { throw Self.malformed("trailer after x-amz-trailer-signature") }
                // Signed as sent: the raw line with `\n` for the wire's CRLF.
                canonical += line
                canonical.append(0x0A)
            }
            trailers.append((name: name, value: value))
        }
        if let signing, expectTrailer {
            let sts = AWSChunkedSigning.trailerStringToSign(amzDate: signing.amzDate, scope: signing.scope,
                                                            previous: previousSignature, trailerHash: sha256(canonical).hex)
            let computed = SigV4.signature(key: signing.key, stringToSign: sts)
            // 64 hex digits first: `signaturesEqual` ignores case by setting bit 0x20, which would also
            // let control bytes 0x10-0x19 stand in for the digits 0-9. Nor is such a value echoed: XML
            // 1.0 cannot carry control bytes, so the error body would not parse.
            let provided = trailerSignature ?? ""
            let wellFormed = provided.utf8.count == 64 && provided.utf8.allSatisfy { hexValue($0) != nil }
            guard wellFormed, SigV4.signaturesEqual(computed, provided) else {
                throw AWSChunkedSigning.mismatch(stringToSign: sts, provided: wellFormed ? provided : "")
            }
        }
    }

    // MARK: - Buffer

    /// The next CRLF-terminated line without its CRLF; nil on EOF at a line start. Throws
    /// `IncompleteBody` on EOF inside a line and `InvalidRequest` for a bare LF or an over-long line.
    private func readLine() throws -> [UInt8]? {
        var scanned = 0
        while true {
            var i = start + scanned
            while i < end {
                if buffer[i] == 0x0A {
                    guard i > start, buffer[i - 1] == 0x0D else { throw Self.malformed("line not terminated by CRLF") }
                    let line = Array(UnsafeRawBufferPointer(rebasing: buffer[start..<(i - 1)]))
                    start = i + 1
                    return line
                }
                i += 1
            }
            scanned = end - start
            guard scanned < Self.maxLineLength else { throw Self.malformed("line longer than \(Self.maxLineLength) bytes") }
            if try fill() == 0 {
                if scanned == 0 { return nil }
                throw S3Error.incompleteBody()
            }
        }
    }

    /// Makes at least `n` bytes available or throws `IncompleteBody`.
    private func ensure(_ n: Int) throws {
        while end - start < n {
            if try fill() == 0 { throw S3Error.incompleteBody() }
        }
    }

    /// Reads more bytes after the buffered ones, compacting first when the tail is short; returns the
    /// count, 0 at the end of the source.
    private func fill() throws -> Int {
        if sourceEnded { return 0 }
        if start == end {
            start = 0; end = 0
        } else if start > 0, buffer.count - end < Self.maxLineLength {
            let count = end - start
            buffer.baseAddress!.copyMemory(from: UnsafeRawPointer(buffer.baseAddress! + start), byteCount: count)
            start = 0; end = count
        }
        let space = UnsafeMutableRawBufferPointer(rebasing: buffer[end...])
        let n = min(space.count, try source(space))
        if n <= 0 { sourceEnded = true; return 0 }
        end += n
        return n
    }

    private func trimmed<C: BidirectionalCollection>(_ bytes: C) -> C.SubSequence where C.Element == UInt8 {
        var s = bytes[...]
        while let f = s.first, f == 0x20 || f == 0x09 { s = s.dropFirst() }
        while let l = s.last, l == 0x20 || l == 0x09 { s = s.dropLast() }
        return s
    }

    private static func malformed(_ why: String) -> S3Error {
        S3Error.invalidRequest("Malformed aws-chunked body: \(why).")
    }
}
