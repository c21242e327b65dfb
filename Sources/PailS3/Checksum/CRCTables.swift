/// Slicing-by-8 lookup tables for the reflected CRCs S3 uses.
///
/// Table `k` (entries `256*k ..< 256*(k+1)`) advances a byte that is followed by `k` more bytes, so
/// eight table lookups consume eight input bytes per step instead of one (Intel's slicing-by-8).
enum CRCTables {
    /// CRC-32 (IEEE 802.3, zlib), reflected polynomial 0xEDB88320.
    static let crc32: [UInt32] = make(poly: UInt32(0xEDB8_8320))
    /// CRC-32C (Castagnoli), reflected polynomial 0x82F63B78.
    static let crc32c: [UInt32] = make(poly: UInt32(0x82F6_3B78))
    /// CRC-64/NVME, reflected polynomial 0x9A6C9329AC4BC9B5.
    static let crc64nvme: [UInt64] = make(poly: UInt64(0x9A6C_9329_AC4B_C9B5))

    /// The eight tables of a reflected CRC of `T`'s width, built bit by bit for table 0.
    private static func make<T: FixedWidthInteger & UnsignedInteger>(poly: T) -> [T] {
        var t = [T](repeating: 0, count: 256 * 8)
        for n in 0..<256 {
            var c = T(n)
            for _ in 0..<8 { c = c & 1 != 0 ? (c >> 1) ^ poly : c >> 1 }
            t[n] = c
        }
        for k in 1..<8 {
            for n in 0..<256 {
                let prev = t[256 * (k - 1) + n]
                t[256 * k + n] = (prev >> 8) ^ t[Int(prev & 0xFF)]
            }
        }
        return t
    }

    /// Advances a reflected 32-bit CRC register (already inverted) over `bytes`.
    static func update32(_ crc: UInt32, _ bytes: UnsafeRawBufferPointer, table: UnsafePointer<UInt32>) -> UInt32 {
        guard var p = bytes.baseAddress else { return crc }
        var n = bytes.count
        var c = crc
        while n >= 8 {
            let word = UInt64(littleEndian: p.loadUnaligned(as: UInt64.self))
            let lo = UInt32(truncatingIfNeeded: word) ^ c
            let hi = UInt32(truncatingIfNeeded: word >> 32)
            c = table[1792 + Int(lo & 0xFF)] ^ table[1536 + Int(lo >> 8 & 0xFF)]
                ^ table[1280 + Int(lo >> 16 & 0xFF)] ^ table[1024 + Int(lo >> 24)]
                ^ table[768 + Int(hi & 0xFF)] ^ table[512 + Int(hi >> 8 & 0xFF)]
                ^ table[256 + Int(hi >> 16 & 0xFF)] ^ table[Int(hi >> 24)]
            p += 8
            n -= 8
        }
        while n > 0 {
            c = (c >> 8) ^ table[Int((c ^ UInt32(p.load(as: UInt8.self))) & 0xFF)]
            p += 1
            n -= 1
        }
        return c
    }

    /// Advances a reflected 64-bit CRC register (already inverted) over `bytes`.
    static func update64(_ crc: UInt64, _ bytes: UnsafeRawBufferPointer, table: UnsafePointer<UInt64>) -> UInt64 {
        guard var p = bytes.baseAddress else { return crc }
        var n = bytes.count
        var c = crc
        while n >= 8 {
            let x = UInt64(littleEndian: p.loadUnaligned(as: UInt64.self)) ^ c
            c = table[1792 + Int(x & 0xFF)] ^ table[1536 + Int(x >> 8 & 0xFF)]
                ^ table[1280 + Int(x >> 16 & 0xFF)] ^ table[1024 + Int(x >> 24 & 0xFF)]
                ^ table[768 + Int(x >> 32 & 0xFF)] ^ table[512 + Int(x >> 40 & 0xFF)]
                ^ table[256 + Int(x >> 48 & 0xFF)] ^ table[Int(x >> 56)]
            p += 8
            n -= 8
        }
        while n > 0 {
            c = (c >> 8) ^ table[Int((c ^ UInt64(p.load(as: UInt8.self))) & 0xFF)]
            p += 1
            n -= 1
        }
        return c
    }
}
