/// An IPv4 or IPv6 address as two 64-bit words (IPv4 in the high 32 bits of `high`), so that
/// matching a request's address against a policy's ranges allocates nothing.
public struct IPAddress: Sendable, Equatable {
    public var high: UInt64
    public var low: UInt64
    public var isV4: Bool

    /// From 4 or 16 bytes; an IPv4-mapped IPv6 address (`::ffff:a.b.c.d`) becomes its IPv4 address.
    public init?(bytes: [UInt8]) {
        var b = bytes
        if b.count == 16, b[0..<10].allSatisfy({ $0 == 0 }), b[10] == 0xFF, b[11] == 0xFF { b = Array(b[12...]) }
        switch b.count {
        case 4:
            high = UInt64(b[0]) << 56 | UInt64(b[1]) << 48 | UInt64(b[2]) << 40 | UInt64(b[3]) << 32
            low = 0
            isV4 = true
        case 16:
            high = b[0..<8].reduce(0) { $0 << 8 | UInt64($1) }
            low = b[8..<16].reduce(0) { $0 << 8 | UInt64($1) }
            isV4 = false
        default:
            return nil
        }
    }

    /// Parses a dotted quad or an RFC 4291 IPv6 address.
    public init?(_ text: String) {
        guard let bytes = IPRange.parseAddress(text) else { return nil }
        self.init(bytes: bytes)
    }
}

/// An IPv4 or IPv6 address range in CIDR notation, as the `IpAddress` and `NotIpAddress` condition
/// operators take it (`203.0.113.0/24`, `2001:DB8:1234:5678::/64`; a bare address is a /32 or /128).
public struct IPRange: Sendable, Equatable {
    /// 4 or 16 bytes.
    public let address: [UInt8]
    public let prefix: Int
    /// `address` with the host bits cleared, and the mask, as words.
    private let base: IPAddress
    private let maskHigh: UInt64
    private let maskLow: UInt64

    public init?(_ text: String) {
        let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard let address = IPRange.parseAddress(String(parts[0])) else { return nil }
        let bits = address.count * 8
        var prefix = bits
        if parts.count == 2 {
            guard let p = Int(parts[1]), (0...bits).contains(p), !parts[1].isEmpty, parts[1].allSatisfy(\.isNumber) else { return nil }
            prefix = p
        }
        self.address = address
        self.prefix = prefix
        func mask(_ bits: Int) -> UInt64 { bits <= 0 ? 0 : bits >= 64 ? ~0 : ~0 << UInt64(64 - bits) }
        if address.count == 4 {
            maskHigh = mask(prefix); maskLow = 0
        } else {
            maskHigh = mask(prefix); maskLow = mask(prefix - 64)
        }
        base = IPAddress(bytes: address)!
    }

    /// Whether `a` lies in the range (an IPv4 address never lies in an IPv6 range, nor the reverse).
    public func contains(_ a: IPAddress) -> Bool {
        a.isV4 == base.isV4 && a.high & maskHigh == base.high & maskHigh && a.low & maskLow == base.low & maskLow
    }

    /// Whether `address` (4 or 16 bytes) lies in the range. An IPv4-mapped IPv6 address
    /// (`::ffff:a.b.c.d`) counts as its IPv4 address.
    public func contains(_ candidate: [UInt8]) -> Bool {
        IPAddress(bytes: candidate).map(contains) ?? false
    }

    /// The bytes of a dotted-quad IPv4 or an RFC 4291 IPv6 address (a trailing dotted quad allowed),
    /// nil when malformed. A zone (`%eth0`) is ignored.
    public static func parseAddress(_ text: String) -> [UInt8]? {
        // The common case, a dotted quad, byte by byte (Character properties cost thousands of
        // instructions per call, and a policy asks for the request's address on every statement).
        if let v4 = parseIPv4Bytes(text.utf8) { return v4 }
        var text = Substring(text)
        if let zone = text.firstIndex(of: "%") { text = text[..<zone] }
        if !text.contains(":") { return parseIPv4(text) }
        var tail: [UInt8] = []
        if let lastColon = text.lastIndex(of: ":"), text[text.index(after: lastColon)...].contains(".") {
            guard let v4 = parseIPv4(text[text.index(after: lastColon)...]) else { return nil }
            tail = v4
            text = text[...lastColon]
            if text.hasSuffix(":") && !text.hasSuffix("::") { text = text.dropLast() }
        }
        let halves = text.components(separatedBy: "::")
        guard halves.count <= 2 else { return nil }
        func groups(_ s: String) -> [UInt16]? {
            if s.isEmpty { return [] }
            var out: [UInt16] = []
            for g in s.split(separator: ":", omittingEmptySubsequences: false) {
                guard (1...4).contains(g.count), let v = UInt16(g, radix: 16) else { return nil }
                out.append(v)
            }
            return out
        }
        guard let head = groups(halves[0]) else { return nil }
        let rest = halves.count == 2 ? groups(halves[1]) : []
        guard let rest else { return nil }
        let total = 8 - tail.count / 2
        var all: [UInt16]
        if halves.count == 2 {
            guard head.count + rest.count < total else { return nil }
            all = head + Array(repeating: 0, count: total - head.count - rest.count) + rest
        } else {
            guard head.count == total else { return nil }
            all = head
        }
        var bytes: [UInt8] = []
        for g in all { bytes.append(UInt8(g >> 8)); bytes.append(UInt8(g & 0xFF)) }
        return bytes + tail
    }

    /// A dotted quad from its UTF-8 bytes, or nil.
    static func parseIPv4Bytes(_ bytes: String.UTF8View) -> [UInt8]? {
        var out: [UInt8] = []
        out.reserveCapacity(4)
        var value = 0, digits = 0
        for b in bytes {
            if b >= 48 && b <= 57 {
                value = value * 10 + Int(b - 48)
                digits += 1
                if digits > 3 || value > 255 { return nil }
            } else if b == UInt8(ascii: ".") {
                guard digits > 0, out.count < 3 else { return nil }
                out.append(UInt8(value))
                value = 0
                digits = 0
            } else {
                return nil
            }
        }
        guard digits > 0, out.count == 3 else { return nil }
        out.append(UInt8(value))
        return out
    }

    private static func parseIPv4(_ text: Substring) -> [UInt8]? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var out: [UInt8] = []
        for p in parts {
            guard (1...3).contains(p.count), p.allSatisfy({ $0.isASCII && $0.isNumber }), let v = UInt8(p) else { return nil }
            out.append(v)
        }
        return out
    }
}
