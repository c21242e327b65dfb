import PailS3

/// The form `MetadataCoding` stores: `e1;` then fields `<tag><byte length>:<value>`, like the metadata
/// around it (no JSONDecoder per listed row), binary fields in base64. Unknown tags are skipped, so
/// a newer writer's fields stay readable; a value that lacks the mode, the wrapped key or a sane chunk
/// size decodes as nil.
extension ObjectEncryption {
    private enum Field: UInt8 {
        case mode = 77 /* M */, kmsKey = 75 /* K */, context = 88 /* X */, bucketKey = 66 /* B */
        case wrapped = 87 /* W */, salt = 83 /* S */, check = 72 /* H */, chunkSize = 67 /* C */, parts = 80 /* P */
    }

    /// The stored text.
    public var compact: String {
        var out = "e1;"
        func field(_ tag: Field, _ value: String?) {
            guard let value else { return }
            out.unicodeScalars.append(Unicode.Scalar(tag.rawValue))
            out += String(value.utf8.count)
            out += ":"
            out += value
        }
        field(.mode, mode.rawValue)
        field(.kmsKey, kmsKeyARN)
        field(.context, kmsContext)
        field(.bucketKey, bucketKeyEnabled ? "1" : nil)
        field(.wrapped, wrappedKey.base64)
        field(.salt, customerKeySalt?.base64)
        field(.check, customerKeyCheck?.base64)
        field(.chunkSize, String(chunkSize))
        field(.parts, parts.map { $0.map(String.init).joined(separator: ",") })
        return out
    }

    /// Decodes `compact`; nil when malformed.
    public init?(compact: String) {
        let bytes = Array(compact.utf8)
        guard bytes.count >= 3, bytes[0] == UInt8(ascii: "e"), bytes[1] == UInt8(ascii: "1"),
              bytes[2] == UInt8(ascii: ";") else { return nil }
        var mode: Mode?, wrapped: [UInt8]?, chunk: Int?
        var kms: String?, context: String?, bucketKey = false, salt: [UInt8]?, check: [UInt8]?, parts: [Int]?
        var i = 3
        while i < bytes.count {
            let tag = bytes[i]
            i += 1
            var length = 0
            while i < bytes.count, bytes[i] >= 48, bytes[i] <= 57, length < 1 << 24 {
                length = length * 10 + Int(bytes[i] - 48)
                i += 1
            }
            guard i < bytes.count, bytes[i] == UInt8(ascii: ":"), i + 1 + length <= bytes.count else { return nil }
            let value = String(decoding: bytes[(i + 1)..<(i + 1 + length)], as: UTF8.self)
            i += 1 + length
            switch Field(rawValue: tag) {
            case .mode: mode = Mode(rawValue: value)
            case .kmsKey: kms = value
            case .context: context = value
            case .bucketKey: bucketKey = value == "1"
            case .wrapped: wrapped = base64Decode(value)
            case .salt: salt = base64Decode(value)
            case .check: check = base64Decode(value)
            case .chunkSize: chunk = Int(value)
            case .parts: parts = value.split(separator: ",").compactMap { Int($0) }
            case nil: continue
            }
        }
        guard let mode, let wrapped, let chunk, chunk > 0, chunk <= ChunkLayout.maxChunkSize else { return nil }
        self.init(mode: mode, kmsKeyARN: kms, kmsContext: context, bucketKeyEnabled: bucketKey, wrappedKey: wrapped,
                  customerKeySalt: salt, customerKeyCheck: check, chunkSize: chunk, parts: parts)
    }
}
