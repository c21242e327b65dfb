extension Checksum {
    /// The CRC of `A + B` from `crc(A)`, `crc(B)` and the length of `B`, without the data: what S3
    /// computes for a FULL_OBJECT multipart checksum from the parts' checksums.
    ///
    /// zlib's `crc32_combine` (multiply `crc(A)` by x^(8·lengthB) modulo the polynomial, xor `crc(B)`),
    /// generalised to the three reflected CRCs; it holds because each CRC's init and xorout are equal.
    /// `crcA`/`crcB` are big-endian digests as `finalize()` returns them. Returns nil for SHA1/SHA256,
    /// for digests of the wrong length, or a negative length; `lengthB == 0` returns `crcA`.
    public static func combine(_ algorithm: ChecksumAlgorithm, _ crcA: [UInt8], _ crcB: [UInt8], lengthB: Int64) -> [UInt8]? {
        let width: Int
        let poly: UInt64
        switch algorithm {
        case .crc32: width = 32; poly = 0xEDB8_8320
        case .crc32c: width = 32; poly = 0x82F6_3B78
        case .crc64nvme: width = 64; poly = 0x9A6C_9329_AC4B_C9B5
        case .sha1, .sha256: return nil
        }
        let bytes = width / 8
        guard crcA.count == bytes, crcB.count == bytes, lengthB >= 0 else { return nil }
        let a = crcA.reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        let b = crcB.reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        let field = CRCField(width: width, poly: poly)
        let shifted = field.multiply(field.xPower8n(UInt64(lengthB)), a)
        return bigEndian(shifted ^ b, bytes: bytes)
    }
}

/// Arithmetic on polynomials modulo a reflected CRC polynomial of `width` bits (bit `width-1` is x^0).
private struct CRCField {
    let width: Int
    let poly: UInt64

    /// x^0 in the reflected representation.
    var one: UInt64 { 1 << UInt64(width - 1) }

    /// `a * b mod p` (zlib `multmodp`).
    func multiply(_ a: UInt64, _ b: UInt64) -> UInt64 {
        var m = one
        var b = b
        var p: UInt64 = 0
        while m != 0 {
            if a & m != 0 { p ^= b }
            m >>= 1
            b = b & 1 != 0 ? (b >> 1) ^ poly : b >> 1
        }
        return p
    }

    /// x^(8n) mod p by square-and-multiply over the bits of n (zlib `x2nmodp(n, 3)`).
    func xPower8n(_ n: UInt64) -> UInt64 {
        var power = one >> 8   // x^8: the reflected representation puts x^k at bit width-1-k
        var result = one
        var n = n
        while n != 0 {
            if n & 1 != 0 { result = multiply(power, result) }
            power = multiply(power, power)
            n >>= 1
        }
        return result
    }
}
