/// Header fields in the order received, names as sent.
///
/// SigV4 signs the exact header values, so nothing here normalises, merges or reorders. Lookups are
/// case-insensitive (RFC 9110 §5.1).
public struct HTTPHeaders: Sendable, Sequence {
    public private(set) var fields: [(name: String, value: String)]

    public init(_ fields: [(name: String, value: String)] = []) { self.fields = fields }

    /// The first value of `name`, or nil when absent.
    public subscript(name: String) -> String? {
        for field in fields where field.name.caseInsensitiveEquals(name) { return field.value }
        return nil
    }

    /// Every value of `name`, in order; empty when absent.
    public func values(_ name: String) -> [String] {
        var out: [String] = []
        for field in fields where field.name.caseInsensitiveEquals(name) { out.append(field.value) }
        return out
    }

    /// How many fields are named `name` (without collecting their values).
    func count(of name: String) -> Int {
        var n = 0
        for field in fields where field.name.caseInsensitiveEquals(name) { n += 1 }
        return n
    }

    public func contains(_ name: String) -> Bool { self[name] != nil }

    /// Appends a field, keeping any existing field of that name.
    public mutating func add(_ name: String, _ value: String) {
        // Response heads are built one field at a time: one allocation with room for a typical head
        // instead of growing through capacities 1, 2, 4, 8 and 16.
        if fields.capacity == 0 { fields.reserveCapacity(16) }
        fields.append((name, value))
    }

    /// Replaces every field of `name` with one field.
    public mutating func set(_ name: String, _ value: String) {
        remove(name)
        add(name, value)
    }

    public mutating func remove(_ name: String) {
        fields.removeAll { $0.name.caseInsensitiveEquals(name) }
    }

    public func makeIterator() -> IndexingIterator<[(name: String, value: String)]> { fields.makeIterator() }
}

extension String {
    /// ASCII case-insensitive equality, the comparison HTTP field names use. Bytes outside A–Z and a–z
    /// must match exactly.
    @inlinable
    public func caseInsensitiveEquals(_ other: String) -> Bool {
        // Most names compared in a lookup differ in length: inlined, that check is all they cost (the
        // count is stored in native strings).
        utf8.count == other.utf8.count && caseInsensitiveEqualsSameLength(other)
    }

    @usableFromInline
    func caseInsensitiveEqualsSameLength(_ other: String) -> Bool {
        let a = self.utf8, b = other.utf8
        // Native strings (all of them on Linux) compare over their contiguous bytes; indexing the
        // views byte by byte costs several times as much.
        let fast = a.withContiguousStorageIfAvailable { x in
            b.withContiguousStorageIfAvailable { y in
                for k in 0..<x.count where !Self.asciiCaseEqual(x[k], y[k]) { return false }
                return true
            }
        }
        if let fast, let equal = fast { return equal }
        return zip(a, b).allSatisfy { Self.asciiCaseEqual($0, $1) }
    }

    /// Equal bytes, or the two cases of one ASCII letter (which differ only in 0x20).
    static func asciiCaseEqual(_ x: UInt8, _ y: UInt8) -> Bool {
        if x == y { return true }
        let lx = x | 0x20
        return lx == y | 0x20 && lx >= 0x61 && lx <= 0x7A
    }
}
