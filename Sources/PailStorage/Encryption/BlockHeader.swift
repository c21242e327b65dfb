import PailS3

/// The 48-byte header that starts every encrypted block (see `ChunkLayout`).
struct BlockHeader: Equatable {
    static let magic: [UInt8] = Array("PSSE".utf8)
    static let version: UInt8 = 1
    /// AES-256-GCM, the only algorithm so far.
    static let algorithm: UInt8 = 1
    static let saltLength = 32

    var chunkSize: Int
    /// The part this block was uploaded as; 0 for a single PUT or a copy.
    var partNumber: Int
    var salt: [UInt8]

    init(chunkSize: Int, partNumber: Int, salt: [UInt8]) {
        precondition(salt.count == Self.saltLength && chunkSize > 0 && chunkSize <= ChunkLayout.maxChunkSize)
        self.chunkSize = chunkSize; self.partNumber = partNumber; self.salt = salt
    }

    /// Parses a header; nil when it is not one this version writes.
    init?(_ bytes: UnsafeRawBufferPointer) {
        guard bytes.count >= ChunkLayout.headerLength, Array(bytes[0..<4]) == Self.magic, bytes[4] == Self.version,
              bytes[5] == Self.algorithm, bytes[6] == 0, bytes[7] == 0 else { return nil }
        func u32(_ at: Int) -> Int { (0..<4).reduce(0) { $0 << 8 | Int(bytes[at + $1]) } }
        let chunk = u32(8), part = u32(12)
        guard chunk > 0, chunk <= ChunkLayout.maxChunkSize else { return nil }
        self.init(chunkSize: chunk, partNumber: part, salt: Array(bytes[16..<48]))
    }

    var bytes: [UInt8] {
        var out = Self.magic + [Self.version, Self.algorithm, 0, 0]
        for value in [UInt32(chunkSize), UInt32(partNumber)] {
            out += [UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]
        }
        return out + salt
    }

    /// The block's AES-256-GCM key: HMAC-SHA256(dataKey, "pail-sse-block-v1" ‖ header).
    func key(dataKey: [UInt8]) -> [UInt8] {
        HMAC.sha256(key: dataKey, data: Array("pail-sse-block-v1".utf8) + bytes)
    }
}
