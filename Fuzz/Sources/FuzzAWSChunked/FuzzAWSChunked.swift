import FuzzCommon
@testable import PailS3

// The aws-chunked decoder (sigv4-streaming.html, sigv4-streaming-trailers.html), signed and unsigned,
// with and without trailers.
//
// Input: byte 0 holds flags, byte 1 the source read size, byte 2 the output buffer size.
// - flags bit 7 clear: the rest is a raw body, decoded in the mode the flags pick (bit 0 signed,
//   bit 1 trailer declared). A random body never carries a valid chunk signature, so signed inputs
//   mostly exercise the chunk-header parser; the second mode gets past the signatures.
// - flags bit 7 set: the rest is object data. It is encoded (signed or unsigned, chunk size from byte 3,
//   trailers from bits 2-3), decoded, and must come back exactly, trailers included. Then byte 4-5 pick
//   one byte of the encoding to change (by byte 6): a signed body that still decodes must give the
//   same data and trailers, since every byte that matters is signed.
// Properties: nothing crashes, hangs or leaks; errors are S3Error with the documented codes; round
// trips are exact; `decodedLength` counts what was returned.

let key = SigV4.signingKey(secret: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", date: "20130524", region: "us-east-1", service: "s3")
let amzDate = "20130524T000000Z"
let scope = "20130524/us-east-1/s3/aws4_request"
let seed = "4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9"
let documentedCodes: Set<String> = ["IncompleteBody", "InvalidRequest", "SignatureDoesNotMatch"]

struct Decoded {
    var data: [UInt8]
    var trailers: [(name: String, value: String)]
}

func decode(_ body: [UInt8], signed: Bool, expectTrailer: Bool, readSize: Int, outSize: Int) -> Result<Decoded, S3Error> {
    var offset = 0
    let mode: AWSChunkedDecoder.Mode = signed
        ? .signed(seedSignature: seed, signingKey: key, amzDate: amzDate, scope: scope) : .unsigned
    let decoder = AWSChunkedDecoder(mode: mode, expectTrailer: expectTrailer) { buf in
        let n = min(buf.count, readSize, body.count - offset)
        if n > 0 { body.withUnsafeBytes { buf.baseAddress!.copyMemory(from: $0.baseAddress! + offset, byteCount: n) } }
        offset += n
        return n
    }
    var out: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: outSize)
    do {
        var reads = 0
        while true {
            let n = try chunk.withUnsafeMutableBytes { try decoder.read(into: $0) }
            fuzzCheck(n >= 0 && n <= outSize, "read returned \(n) for a \(outSize)-byte buffer")
            if n == 0 { break }
            out += chunk[..<n]
            reads += 1
            fuzzCheck(reads <= body.count + 2, "decoder made no progress")
        }
        fuzzCheck(decoder.decodedLength == Int64(out.count), "decodedLength \(decoder.decodedLength) != \(out.count)")
        // Once done, the decoder stays done.
        let again = try chunk.withUnsafeMutableBytes { try decoder.read(into: $0) }
        fuzzCheck(again == 0, "read after the end returned \(again)")
        return .success(Decoded(data: out, trailers: decoder.trailers))
    } catch let e as S3Error {
        fuzzCheck(documentedCodes.contains(e.code), "undocumented error \(e)")
        return .failure(e)
    } catch {
        fuzzCheck(false, "non-S3 error \(error)")
        return .failure(S3Error.internalError())
    }
}

let trailerChoices: [[(String, String)]] = [
    [],
    [("x-amz-checksum-crc32", "DUoRhQ==")],
    [("x-amz-checksum-sha256", "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="), ("x-amz-meta-a", "b c")],
    [("x-amz-checksum-crc64nvme", "rosUhgp5mIg=")],
]

func roundTrip(_ input: inout FuzzReader, signed: Bool, readSize: Int, outSize: Int) {
    var chunkSize = Int(input.byte()) + 1
    let trailersPick = Int(input.byte() % 4)
    let positionHigh = Int(input.byte()), positionLow = Int(input.byte())
    let flip = input.byte() | 1
    let data = input.rest
    // At most about 32 chunks: each costs an HMAC to encode and another to decode.
    chunkSize = max(chunkSize, data.count / 32 + 1)
    let trailers = trailerChoices[trailersPick]
    let body = signed
        ? AWSChunkedEncoder.encodeSigned(data: data, chunkSize: chunkSize, seedSignature: seed, signingKey: key,
                                         amzDate: amzDate, scope: scope, trailers: trailers)
        : AWSChunkedEncoder.encodeUnsigned(data: data, chunkSize: chunkSize, trailers: trailers)
    let expectTrailer = !trailers.isEmpty
    switch decode(body, signed: signed, expectTrailer: expectTrailer, readSize: readSize, outSize: outSize) {
    case .success(let d):
        fuzzCheck(d.data == data, "round trip changed the data")
        fuzzCheck(d.trailers.map { "\($0.name):\($0.value)" } == trailers.map { "\($0.0):\($0.1)" }, "round trip changed the trailers")
    case .failure(let e):
        fuzzCheck(false, "a body the encoder made was refused: \(e)")
    }
    guard signed, !body.isEmpty else { return }
    var mutated = body
    let position = (positionHigh << 8 | positionLow) % body.count
    mutated[position] ^= flip
    if case .success(let d) = decode(mutated, signed: true, expectTrailer: expectTrailer, readSize: readSize, outSize: outSize) {
        fuzzCheck(d.data == data, "changed byte \(position) went unnoticed and changed the data")
        fuzzCheck(d.trailers.map { "\($0.name):\($0.value)" } == trailers.map { "\($0.0.lowercased()):\($0.1)" },
                  "changed byte \(position) went unnoticed and changed the trailers")
    }
}

func fuzz(_ bytes: [UInt8]) {
    var input = FuzzReader(bytes)
    let flags = input.byte()
    let readSize = Int(input.byte()) % 97 + 1
    let outSize = [1, 7, 64, 1000, 8192, 70_000][Int(input.byte()) % 6]
    if flags & 0x80 != 0 {
        roundTrip(&input, signed: flags & 1 != 0, readSize: readSize, outSize: outSize)
    } else {
        _ = decode(input.rest, signed: flags & 1 != 0, expectTrailer: flags & 2 != 0, readSize: readSize, outSize: outSize)
    }
}

@_cdecl("FuzzAWSChunked_main")
func entry(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runLibFuzzer(argc, argv) { data, size in
        fuzz(fuzzBytes(data, size))
        return 0
    }
}
