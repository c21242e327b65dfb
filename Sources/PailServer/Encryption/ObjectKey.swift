import PailHTTP
import PailS3
import PailStorage

/// An object's (or a multipart upload's) data key in the clear, with the record that keeps it
/// wrapped: what encrypting a new object, decrypting a stored one, or encrypting an upload's parts
/// needs. Lives for one request.
struct ObjectKey {
    let record: ObjectEncryption
    let dataKey: [UInt8]
    /// SSE-C: the request's `-key-MD5`, which responses echo.
    let customerKeyMD5: String?

    /// The encryption response headers for this object (see `ObjectEncryption.addHeaders`).
    func addHeaders(to headers: inout HTTPHeaders, context: Bool = false) {
        record.addHeaders(to: &headers, customerKeyMD5: customerKeyMD5, context: context)
    }

    /// `writer`, encrypting what it is given.
    func encrypting(_ writer: ObjectWriter, random: RandomSource) -> EncryptedObjectWriter {
        EncryptedObjectWriter(wrapping: writer, dataKey: dataKey, encryption: record, random: random)
    }

    /// `writer` of part `partNumber`, encrypting what it is given.
    func encrypting(_ writer: PartWriter, partNumber: Int, random: RandomSource) -> PartWriter {
        EncryptedPartWriter(wrapping: writer, dataKey: dataKey, partNumber: partNumber, chunkSize: record.chunkSize,
                            random: random)
    }

    /// A reader of the plaintext `[start, start+length)` of `content`.
    func reader(_ content: ObjectContent, from start: Int64, length: Int64) throws -> EncryptedRangeReader {
        do {
            return try EncryptedRangeReader(content: content, dataKey: dataKey, encryption: record, start: start, length: length)
        } catch let error as EncryptedDataError {
            throw Self.corrupt(error)
        }
    }

    /// A GET body of the plaintext `[start, start+length)`. The first chunk is decrypted here, so a
    /// damaged object whose damage the range starts in is an error response rather than a body; a
    /// chunk that fails later ends the connection mid-body (the client sees a short body, never
    /// altered bytes).
    func body(_ content: ObjectContent, from start: Int64, length: Int64) throws -> HTTPResponseBody {
        let reader = try reader(content, from: start, length: length)
        let first: UnsafeRawBufferPointer?
        do { first = try reader.next() } catch let error as EncryptedDataError { throw Self.corrupt(error) }
        return .stream(length: length) { writer in
            if let first { try writer.write(first) }
            try reader.forEach { try writer.write($0) }
        }
    }

    /// 500 for stored bytes that do not decrypt: the server's data is damaged, not the request wrong.
    static func corrupt(_ error: EncryptedDataError) -> S3Error {
        S3Error.internalError("The object's stored bytes failed authentication (\(error.description)); they are not served.")
    }
}
